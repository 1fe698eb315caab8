/**
 * `npm run check -- --checkov <report>`: checkov's JSON report reconciled with our findings.
 *
 * The reports under test/fixtures/checkov/ are checkov 3.3.13's own output format, made by its
 * terraform_json runner over the stacks stored beside them (how, and what that run left out: the
 * README there). checkov itself was not installed here; CI runs it (.github/workflows/plan.yml).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCommand, checkStacks } from '../../cli/check';
import { EXIT } from '../../cli/program';
import { parseCheckovReport, readCheckovReport, reconcile, resolveAddress, stackOfPath, type CheckovReport } from '../../verify/checkov';
import type { TerraformJson } from '../../verify/terraform-json';
import { findingsOf, type Waiver } from '../../verify/waivers';
import { runCli } from '../support/cli';

const FIXTURES = 'test/fixtures/checkov';
const DEPLOY_ORDER = ['dev-network', 'dev-cluster', 'dev-platform'];
const REASON = 'accepted on purpose until PLAT-77 (log archive in S3) ships';

/** The stacks checkov read for a fixture (`<scenario>/checkov-input/<stack>/cdk.tf.json`), in deploy order. */
function scannedStacks(scenario: string): Record<string, TerraformJson> {
  const dir = join(FIXTURES, scenario, 'checkov-input');
  const names = readdirSync(dir);
  return Object.fromEntries(DEPLOY_ORDER.filter((s) => names.includes(s)).map((s) => [s, JSON.parse(readFileSync(join(dir, s, 'cdk.tf.json'), 'utf8')) as TerraformJson]));
}
const report = (scenario: string): CheckovReport => readCheckovReport(join(FIXTURES, scenario, 'results_json.json'));
interface RecordJson extends Record<string, unknown> {
  file_path: string;
}
/** A fixture report as JSON, to derive variants from. */
const reportJson = (scenario: string) => JSON.parse(readFileSync(join(FIXTURES, scenario, 'results_json.json'), 'utf8')) as { results: { passed_checks: RecordJson[]; failed_checks: RecordJson[] } };
const check = (scenario: string, waivers: readonly Waiver[] = [], reports = [report(scenario)]) => checkStacks(scannedStacks(scenario), scenario, { waiversOf: () => waivers, checkov: reports });

const CLUSTER = 'aws_eks_cluster.eks_control-plane_cluster_9A072324';
const CLUSTER_LOGS = 'aws_cloudwatch_log_group.eks_control-plane_log-group_56537EB8';
const FLOW_LOGS = 'aws_cloudwatch_log_group.vpc_flow-logs_log-group_87B0B87A';
const NODE_EPHEMERAL = 'aws_vpc_security_group_ingress_rule.eks_security-groups_node-from-self-ephemeral_03DF8A25';
const LOGS_KEY = 'aws_kms_key.eks_control-plane_logs-key_612121E6';
const VPC = 'aws_vpc.vpc_26A20C3B';
const DEFAULT_SG = 'aws_default_security_group.vpc_default-security-group_F641FCD0';
const RETENTION_YEAR = 'Ensure CloudWatch log groups retains logs for at least 1 year (checkov CKV_AWS_338); fix it, or waive CKV_AWS_338 with a reason';
const PORT_3389 = 'Ensure no security groups allow ingress from 0.0.0.0:0 to port 3389 (checkov CKV_AWS_25); fix it, or waive CKV_AWS_25 with a reason';

describe("reading checkov's JSON report", () => {
  test('one framework object: every record, with the version', () => {
    const dev = report('dev');
    expect(dev.version).toBe('3.3.13');
    expect(dev.records).toHaveLength(155);
    expect(dev.records.filter((r) => r.result === 'failed').map((r) => `${r.checkId} ${r.resource} ${r.filePath}`)).toEqual([
      'CKV_AWS_338 resource.eks_control-plane_log-group_56537EB8 /dev-cluster/cdk.tf.json',
      'CKV_AWS_25 resource.eks_security-groups_node-from-self-ephemeral_03DF8A25 /dev-cluster/cdk.tf.json',
      'CKV_AWS_338 resource.vpc_flow-logs_log-group_87B0B87A /dev-network/cdk.tf.json',
    ]);
    expect(dev.parsingErrors).toEqual([]);
  });

  test('a list of framework objects (several frameworks ran): Terraform ones are read, others named', () => {
    const secrets = { check_type: 'secrets', results: { passed_checks: [], failed_checks: [], skipped_checks: [], parsing_errors: [] }, summary: { checkov_version: '3.3.13' } };
    const both = parseCheckovReport(JSON.stringify([reportJson('dev'), secrets]), 'both.json');
    expect(both.records).toHaveLength(155);
    expect(both.ignoredCheckTypes).toEqual(['secrets']);
  });

  test('a scan that produced nothing is the bare summary: no records', () => {
    expect(parseCheckovReport(JSON.stringify({ passed: 0, failed: 0, skipped: 0, parsing_errors: 0, resource_count: 0, checkov_version: '3.3.13' }), 'empty.json')).toEqual({ file: 'empty.json', version: '3.3.13', records: [], parsingErrors: [], ignoredCheckTypes: [] });
  });

  test.each([
    ['not JSON', '{"check_type": "terraform_json", ', /^broken\.json: not JSON \(.+\); expected the JSON checkov writes with `-o json`/],
    ['empty (a crashed scan)', '', /^broken\.json: not JSON \(Unexpected end of JSON input\); expected the JSON checkov writes with `-o json`/],
    ['another format (SARIF)', JSON.stringify({ version: '2.1.0', runs: [] }), /^broken\.json: check_type: .+; expected the JSON checkov writes with `-o json`/],
    ['a record without check_id', JSON.stringify({ check_type: 'terraform_json', results: { failed_checks: [{ resource: 'resource.x', file_path: '/a/cdk.tf.json' }] } }), /^broken\.json: results\.failed_checks\[0\]\.check_id: .+; expected the JSON checkov writes/],
  ])('a malformed report is a problem naming the file: %s', (_what, text, message) => {
    expect(() => parseCheckovReport(text, 'broken.json')).toThrow(message);
  });
});

describe('where a record belongs', () => {
  const stacks = scannedStacks('dev');
  test('the stack: the path segment that names one, wherever checkov was pointed', () => {
    expect(stackOfPath('/dev-cluster/cdk.tf.json', DEPLOY_ORDER)).toBe('dev-cluster');
    expect(stackOfPath('/cdktf.out/stacks/dev-network/cdk.tf.json', DEPLOY_ORDER)).toBe('dev-network');
    expect(stackOfPath('/home/runner/work/p/p/checkov-input/dev-platform/cdk.tf.json', DEPLOY_ORDER)).toBe('dev-platform');
    expect(stackOfPath('/elsewhere/main.tf', DEPLOY_ORDER)).toBeUndefined();
  });

  test("the resource: checkov's `resource.<logical id>` (Python checks) and `<type>.<id>` (graph checks)", () => {
    expect(resolveAddress('resource.eks_control-plane_cluster_9A072324', 'CKV_AWS_38', stacks['dev-cluster'])).toBe(CLUSTER);
    expect(resolveAddress(VPC, 'CKV2_AWS_11', stacks['dev-network'])).toBe(VPC);
    expect(resolveAddress('provider.aws', 'CKV_AWS_41', stacks['dev-network'])).toBe('provider.aws');
    expect(resolveAddress('resource.not_there', 'CKV_AWS_38', stacks['dev-cluster'])).toBeUndefined();
  });

  test('a logical id two types share is told apart by the types the check runs on', () => {
    const tf: TerraformJson = { resource: { aws_kms_key: { same: {} }, aws_kms_alias: { same: {} } } };
    expect(resolveAddress('resource.same', 'CKV_AWS_7', tf)).toBe('aws_kms_key.same');
  });
});

describe('reconciling with our findings', () => {
  test('the dev stacks as synthesized: what checkov 3.3.13 fails and no rule of ours does fails the check', () => {
    const result = check('dev');
    expect(result.lines).toEqual([
      'checkov 3.3.13: 155 result(s) in test/fixtures/checkov/dev/results_json.json, reconciled with our rules',
      'dev-network: 1 finding(s); checkov: 21 passed, 1 failed',
      `  CKV_AWS_338 ${FLOW_LOGS}: ${RETENTION_YEAR}`,
      'dev-cluster: 2 finding(s); checkov: 113 passed, 2 failed',
      `  CKV_AWS_338 ${CLUSTER_LOGS}: ${RETENTION_YEAR}`,
      `  CKV_AWS_25 ${NODE_EPHEMERAL}: ${PORT_3389}`,
      'dev-platform: passes 16 rules; checkov: 18 passed, 0 failed',
    ]);
    expect(result.warnings).toEqual([]);
    expect(result).toMatchObject({ failures: 3, checkovProblems: 0 });
  });

  test('agreement: our finding and its counterpart on the same resource are one finding, printed once', () => {
    const result = check('dev-violations');
    const cluster = result.lines.slice(result.lines.indexOf('dev-cluster: 5 finding(s); checkov: 110 passed, 5 failed'));
    expect(cluster.slice(0, 6)).toEqual([
      'dev-cluster: 5 finding(s); checkov: 110 passed, 5 failed',
      `  EKS003 ${CLUSTER}: the API endpoint is public to the whole internet (vpc_config.public_access_cidrs, CKV_AWS_38); fix: set eks.endpointPublicAccess: false, or give eks.publicAccessCidrs a narrow allow-list — checkov agrees (CKV_AWS_38)`,
      `  KMS001 ${LOGS_KEY}: key rotation is off (enable_key_rotation, CKV_AWS_7); fix: set enable_key_rotation = true — checkov agrees (CKV_AWS_7)`,
      `  CKV_AWS_338 ${CLUSTER_LOGS}: ${RETENTION_YEAR}`,
      `  CKV_AWS_39 ${CLUSTER}: Ensure Amazon EKS public endpoint disabled (checkov CKV_AWS_39); fix it, or waive CKV_AWS_39 with a reason`,
      `  CKV_AWS_25 ${NODE_EPHEMERAL}: ${PORT_3389}`,
    ]);
    expect(result.lines.filter((l) => l.includes('CKV_AWS_38 ') || l.includes('CKV_AWS_7 '))).toEqual([]);
  });

  test('disagreement: our rule fires where checkov passed its counterpart — a warning, not a failure', () => {
    const result = check('dev-violations');
    expect(result.warnings).toEqual([`warning: checkov disagrees: LOG001 fires on ${FLOW_LOGS} in dev-network, but checkov passed CKV_AWS_66 there; one of the two misjudges it (see the rule in verify/rules.ts)`]);
    // LOG001 still fails on its own: retention 0 keeps logs forever, which CKV_AWS_66 ("specifies retention days") lets through.
    expect(result.lines).toContain(`  LOG001 ${FLOW_LOGS}: the log group keeps logs forever (no retention) (retention_in_days, CKV_AWS_66); fix: set a retention period`);
    expect(result.failures).toBe(6);
  });

  test('a waiver naming the checkov id waives its findings; one of our rule waives its agreed finding', () => {
    const waivers: Waiver[] = [
      { rule: 'CKV_AWS_338', resource: 'aws_cloudwatch_log_group.*', reason: REASON },
      { rule: 'CKV_AWS_25', resource: NODE_EPHEMERAL, reason: 'checkov 3.3.13 ignores referenced_security_group_id: this rule admits only the node security group itself' },
    ];
    const result = check('dev', waivers);
    expect(result.lines).toEqual([
      'checkov 3.3.13: 155 result(s) in test/fixtures/checkov/dev/results_json.json, reconciled with our rules',
      'dev-network: passes 16 rules, 1 waived; checkov: 21 passed, 1 failed',
      `  waived: CKV_AWS_338 ${FLOW_LOGS} — reason: ${REASON}`,
      'dev-cluster: passes 16 rules, 2 waived; checkov: 113 passed, 2 failed',
      `  waived: CKV_AWS_338 ${CLUSTER_LOGS} — reason: ${REASON}`,
      `  waived: CKV_AWS_25 ${NODE_EPHEMERAL} — reason: ${waivers[1].reason}`,
      'dev-platform: passes 16 rules; checkov: 18 passed, 0 failed',
    ]);
    expect(result).toMatchObject({ failures: 0, checkovProblems: 0, warnings: [] });
  });

  test('either id waives a finding checkov agrees with', () => {
    const byOurs = check('dev-violations', [{ rule: 'EKS003', resource: 'aws_eks_cluster.*', reason: REASON }]);
    expect(byOurs.lines).toContain(`  waived: EKS003 ${CLUSTER} — reason: ${REASON} — checkov agrees (CKV_AWS_38)`);
    const byCheckov = check('dev-violations', [{ rule: 'CKV_AWS_38', resource: 'dev-cluster/eks/**', reason: REASON }]);
    expect(byCheckov.lines).toContain(`  waived: EKS003 ${CLUSTER} — reason: ${REASON} — checkov agrees (CKV_AWS_38)`);
  });

  test('a waiver of a checkov id is not stale without a report, and is stale with one that no longer fails it', () => {
    const waivers: Waiver[] = [{ rule: 'CKV_AWS_39', reason: REASON }];
    expect(checkStacks(scannedStacks('dev'), 'dev', { waiversOf: () => waivers }).warnings).toEqual([]);
    expect(check('dev', waivers).warnings).toEqual(['warning: stacks/environments/dev.yaml: waivers[0] (CKV_AWS_39) matches no finding in dev-network, dev-cluster, dev-platform; remove it']);
  });
});

/**
 * Graph checks (CKV2_*) could not be run here (their graph needs rustworkx). These records follow
 * checkov's terraform_json runner (add_graph_check_results): the resource is the graph vertex id,
 * `<type>.<logical id>`, and the check class is the YAML check's BaseGraphCheck.
 */
function graphRecord(checkId: string, checkName: string, resource: string, result: 'PASSED' | 'FAILED') {
  const template = reportJson('dev').results.passed_checks.find((r) => r.file_path === '/dev-network/cdk.tf.json')!;
  return { ...template, check_id: checkId, check_name: checkName, resource, check_result: { result, evaluated_keys: [] }, check_class: 'checkov.common.graph.checks_infra.base_check', file_line_range: [1, 1] };
}
const graphReport = (records: ReturnType<typeof graphRecord>[]): CheckovReport =>
  parseCheckovReport(JSON.stringify({ check_type: 'terraform_json', results: { passed_checks: records.filter((r) => r.check_result.result === 'PASSED'), failed_checks: records.filter((r) => r.check_result.result === 'FAILED'), skipped_checks: [], parsing_errors: [] }, summary: { checkov_version: '3.3.13' } }), 'graph.json');
const RESTRICTS_ALL = 'Ensure the default security group of every VPC restricts all traffic';

describe('graph checks reported on another resource than our rule names', () => {
  const network = () => scannedStacks('dev')['dev-network'];

  test('VPC001 fires on the default security group, CKV2_AWS_12 on its VPC: the same finding', () => {
    const tf = network();
    (tf.resource!.aws_default_security_group['vpc_default-security-group_F641FCD0'] as Record<string, unknown>).ingress = [{ from_port: 0, to_port: 0, protocol: '-1', self: true }];
    const ours = findingsOf({ 'dev-network': tf });
    const merged = reconcile(ours, [graphReport([graphRecord('CKV2_AWS_12', RESTRICTS_ALL, VPC, 'FAILED')])], { 'dev-network': tf }, ['dev-network']);
    expect(merged.findings.map((f) => `${f.rule} ${f.address} ${f.checkov?.kind ?? 'ours alone'}`)).toEqual([`VPC001 ${DEFAULT_SG} agrees`]);
  });

  test('a waiver of VPC001 naming the security group covers CKV2_AWS_12 on its VPC (checkov alone)', () => {
    const tf = network();
    const reports = [graphReport([graphRecord('CKV2_AWS_12', RESTRICTS_ALL, VPC, 'FAILED')])];
    const waiver: Waiver = { rule: 'VPC001', resource: 'aws_default_security_group.*', reason: REASON };
    const result = checkStacks({ 'dev-network': tf }, 'dev', { waiversOf: () => [waiver], checkov: reports });
    expect(result.lines).toContain(`  waived: CKV2_AWS_12 ${VPC} (through the VPC001 waiver) — reason: ${REASON}`);
    expect(result).toMatchObject({ failures: 0, warnings: [] });
    // Another rule's waiver does not cover it.
    expect(checkStacks({ 'dev-network': tf }, 'dev', { waiversOf: () => [{ ...waiver, rule: 'VPC002' }], checkov: reports }).failures).toBe(1);
  });

  test('VPC002 and CKV2_AWS_11 on the VPC: checkov passing where the rule fires is a disagreement', () => {
    const tf = network();
    delete tf.resource!.aws_flow_log;
    const result = checkStacks({ 'dev-network': tf }, 'dev', { waiversOf: () => [], checkov: [graphReport([graphRecord('CKV2_AWS_11', 'Ensure VPC flow logging is enabled in all VPCs', VPC, 'PASSED')])] });
    expect(result.warnings).toEqual([`warning: checkov disagrees: VPC002 fires on ${VPC} in dev-network, but checkov passed CKV2_AWS_11 there; one of the two misjudges it (see the rule in verify/rules.ts)`]);
  });
});

describe('suppressions inside the JSON', () => {
  test("a check checkov skipped for an inline `checkov.skip` is a finding: waivers belong in the spec", () => {
    const dev = reportJson('dev');
    const skipped = { ...dev.results.failed_checks[0], check_result: { result: 'SKIPPED', suppress_comment: 'logs are archived to S3' } };
    const withSkip = parseCheckovReport(JSON.stringify({ ...dev, results: { ...dev.results, failed_checks: dev.results.failed_checks.slice(1), skipped_checks: [skipped] } }), 'skipped.json');
    const result = checkStacks(scannedStacks('dev'), 'dev', { waiversOf: () => [], checkov: [withSkip] });
    expect(result.lines).toContain(`  CKV_AWS_338 ${CLUSTER_LOGS}: Ensure CloudWatch log groups retains logs for at least 1 year (checkov CKV_AWS_338); suppressed inline in the JSON ("logs are archived to S3"): a waiver belongs in the environment's spec; fix it, or waive CKV_AWS_338 with a reason`);
    expect(result.failures).toBe(3);
  });
});

describe('reports that prove nothing fail the check', () => {
  test('a stack checkov could not parse is named, and fails', () => {
    // Our side checks the stacks as synthesized; checkov read a copy of dev-cluster cut short.
    const result = checkStacks(scannedStacks('dev'), 'dev', { waiversOf: () => [], checkov: [report('parsing-errors')] });
    const failed = report('parsing-errors').parsingErrors;
    expect(failed).toEqual([expect.stringMatching(/\/checkov-input\/dev-cluster\/cdk\.tf\.json$/)]);
    expect(result.lines).toContain(`  checkov: checkov could not parse ${failed[0]} (test/fixtures/checkov/parsing-errors/results_json.json); a stack the scanner could not read proves nothing: see checkov's log for why`);
    expect(result.lines.find((l) => l.startsWith('dev-cluster:'))).toBe('dev-cluster: 1 checkov problem(s); checkov: 0 passed, 0 failed');
    expect(result.checkovProblems).toBe(1);
  });

  test('a stack without any result was not scanned', () => {
    const stacks = scannedStacks('dev');
    const dev = reportJson('dev');
    const networkOnly = { ...dev, results: { ...dev.results, passed_checks: dev.results.passed_checks.filter((r) => r.file_path.startsWith('/dev-network/')), failed_checks: [] } };
    const onlyNetwork = parseCheckovReport(JSON.stringify(networkOnly), 'network-only.json');
    const result = checkStacks(stacks, 'dev', { waiversOf: () => [], checkov: [onlyNetwork] });
    expect(result.lines).toContain('  checkov: checkov has no result for dev-cluster in network-only.json; the scanner did not read it, so it proves nothing: scan every stack (checkov --directory <dir with every stack\'s cdk.tf.json>)');
    expect(result.checkovProblems).toBe(2);
  });

  test("another synth's report: resources the stack does not have, files that are no stack", () => {
    const stacks = scannedStacks('dev');
    const renamed = readFileSync(join(FIXTURES, 'dev', 'results_json.json'), 'utf8').replaceAll('eks_control-plane_cluster_9A072324', 'eks_control-plane_cluster_00000000').replaceAll('/dev-platform/', '/prod-platform/');
    const result = checkStacks(stacks, 'dev', { waiversOf: () => [], checkov: [parseCheckovReport(renamed, 'stale.json')] });
    expect(result.lines).toContain('checkov: stale.json: results for /prod-platform/cdk.tf.json, which is no stack of the output checked (dev-network, dev-cluster, dev-platform); scan the same synthesized output you check');
    expect(result.lines.find((l) => l.includes('name resources dev-cluster does not have'))).toMatch(/^ {2}checkov: \d+ checkov result\(s\) name resources dev-cluster does not have \(CKV_AWS_\d+ resource\.eks_control-plane_cluster_00000000, /);
  });
});

describe('npm run check -- --checkov', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'checkov-cli-'));
    for (const [stack, tf] of Object.entries(scannedStacks('dev'))) {
      const stackDir = join(dir, 'out', 'stacks', stack);
      mkdirSync(stackDir, { recursive: true });
      writeFileSync(join(stackDir, 'cdk.tf.json'), JSON.stringify(tf));
    }
    writeFileSync(join(dir, 'out', 'manifest.json'), JSON.stringify({ stacks: Object.fromEntries(DEPLOY_ORDER.map((s) => [s, {}])) }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("reads the report and prints the reconciliation: the shipped dev spec's waivers cover exactly checkov's three findings", async () => {
    const run = await runCli(checkCommand({}), ['--dir', join(dir, 'out'), '--checkov', join(FIXTURES, 'dev', 'results_json.json')]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toContain(`  waived: CKV_AWS_25 ${NODE_EPHEMERAL} — reason: checkov 3.3.13 false positive (bridgecrewio/checkov#6624)`);
    expect(run.stdout.match(/ {2}waived: CKV_AWS_338 aws_cloudwatch_log_group\./g)).toHaveLength(2);
    expect(run.stdout).not.toMatch(/unwaived finding/);
  });

  test('fails on what no waiver covers', async () => {
    const violations = join(dir, 'violations');
    for (const [stack, tf] of Object.entries(scannedStacks('dev-violations'))) {
      mkdirSync(join(violations, 'stacks', stack), { recursive: true });
      writeFileSync(join(violations, 'stacks', stack, 'cdk.tf.json'), JSON.stringify(tf));
    }
    writeFileSync(join(violations, 'manifest.json'), JSON.stringify({ stacks: Object.fromEntries(DEPLOY_ORDER.map((s) => [s, {}])) }));
    const run = await runCli(checkCommand({}), ['--dir', violations, '--checkov', join(FIXTURES, 'dev-violations', 'results_json.json')]);
    expect(run.code).toBe(EXIT.problems);
    expect(run.stdout).toMatch(/CKV_AWS_39 /);
    expect(run.stdout).toMatch(/\n\d+ unwaived finding\(s\); fix them or add a waiver with a reason to the environment's spec/);
  });

  test('a missing report is a usage error naming it (exit 2)', async () => {
    const run = await runCli(checkCommand({}), ['--dir', join(dir, 'out'), '--checkov', join(dir, 'nowhere.json')]);
    expect(run).toEqual({ code: EXIT.usage, stdout: '', stderr: `error: --checkov ${join(dir, 'nowhere.json')}: no such file; run checkov with -o json first (as .github/workflows/plan.yml does); a crashed scan writes none, its log says why\n` });
  });

  test('a malformed report is a problem naming it (exit 1), on one line', async () => {
    writeFileSync(join(dir, 'cli.txt'), 'Passed checks: 155, Failed checks: 3\n');
    const run = await runCli(checkCommand({}), ['--dir', join(dir, 'out'), '--checkov', join(dir, 'cli.txt')]);
    expect(run.code).toBe(EXIT.problems);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^${join(dir, 'cli.txt').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not JSON \\(.+\\); expected the JSON checkov writes with \`-o json\` \\(see \\.github/workflows/plan\\.yml\\)\\n$`));
  });

  test('several reports are read together', async () => {
    const run = await runCli(checkCommand({}), ['--dir', join(dir, 'out'), '--checkov', join(FIXTURES, 'dev', 'results_json.json'), '--checkov', join(FIXTURES, 'dev', 'results_json.json')]);
    expect(run.stdout).toMatch(/^checkov 3\.3\.13: 310 result\(s\) in .+, .+, reconciled with our rules\n/);
    // The same result twice is one finding.
    expect(run.stdout).toContain('dev-cluster: passes 16 rules, 2 waived; checkov: 113 passed, 2 failed\n');
  });
});
