import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOutdir } from '../../cli/check';
import { environmentOfStack as environmentOf } from '../../stacks/builder';
import { loadEnvironment } from '../../stacks/load';
import type { TerraformJson } from '../../verify/rules';
import { applyWaivers, findingsOf, globToRegExp, type Waiver } from '../../verify/waivers';
import { BASE_FIELDS, errorOf, parseSpec, synthParsed } from '../support/synth';

const REASON = 'dev cluster reached over the office VPN only until PLAT-42 ships';
const publicCluster = (id = 'cluster_ABC'): TerraformJson => ({
  resource: {
    aws_eks_cluster: {
      [id]: {
        '//': { metadata: { path: `dev-cluster/eks/eks/control-plane/${id}`, uniqueId: id } },
        encryption_config: { resources: ['secrets'] },
        enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
        vpc_config: { endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] },
      },
    },
  },
});

describe('waivers in an environment spec', () => {
  test('are parsed with their reason', () => {
    const spec = parseSpec({ ...BASE_FIELDS, waivers: [{ rule: 'EKS003', resource: 'aws_eks_cluster.*', reason: REASON }], vpc: {} });
    expect(spec.waivers).toEqual([{ rule: 'EKS003', resource: 'aws_eks_cluster.*', reason: REASON }]);
  });

  test('default to none', () => {
    expect(parseSpec({ ...BASE_FIELDS, vpc: {} }).waivers).toEqual([]);
  });

  test('the shipped dev spec waives only checkov findings, each with its reason (none of our rules)', () => {
    expect(loadEnvironment('dev').waivers.map((w) => w.rule)).toEqual(['CKV_AWS_338', 'CKV_AWS_25']);
  });

  test('an unknown rule id is rejected with the closest rule', () => {
    expect(errorOf(() => parseSpec({ ...BASE_FIELDS, waivers: [{ rule: 'EKS03', reason: REASON }], vpc: {} }))).toBe(
      'stacks/environments/test.yaml: waivers[0].rule: unknown policy rule "EKS03" (did you mean "EKS003"?); rules: EKS001, EKS002, EKS003, EC2001, EC2002, EKS004, VPC001, KMS001, SQS001, LOG001, IAM001, IAM002, IAM003, IAM004, VPC002, NODE001, or a checkov check id such as CKV_AWS_338',
    );
  });

  test('a checkov check id is accepted by its shape (findings of npm run check -- --checkov)', () => {
    const waivers = [
      { rule: 'CKV_AWS_338', resource: 'aws_cloudwatch_log_group.*', reason: REASON },
      { rule: 'CKV2_AWS_12', reason: REASON },
      { rule: 'CKV_K8S_21', reason: REASON },
    ];
    expect(parseSpec({ ...BASE_FIELDS, waivers, vpc: {} }).waivers).toEqual(waivers);
  });

  test.each(['ckv_aws_338', 'CKV_AWS_', 'CKV3_AWS_1', 'CKV_AWS_38 '])('a misspelt checkov id is rejected: %j', (rule) => {
    expect(errorOf(() => parseSpec({ ...BASE_FIELDS, waivers: [{ rule, reason: REASON }], vpc: {} }))).toMatch(/^stacks\/environments\/test\.yaml: waivers\[0\]\.rule: unknown policy rule ".+"( \(did you mean "\w+"\?\))?; rules: EKS001, .+, or a checkov check id such as CKV_AWS_338$/);
  });

  test('a reason must say why (20 characters at least), and unknown fields are named', () => {
    const message = errorOf(() => parseSpec({ ...BASE_FIELDS, waivers: [{ rule: 'EKS003', reason: 'because' }, { rule: 'KMS001', reason: REASON, resorce: 'x' }], vpc: {} }));
    expect(message).toContain('stacks/environments/test.yaml: waivers[0].reason: a waiver needs a reason of at least 20 characters saying why the finding is accepted (and until when), got "because"');
    expect(message).toContain('stacks/environments/test.yaml: waivers[1].resorce: unknown field (did you mean "resource"?)');
  });
});

describe('applying waivers', () => {
  const findings = findingsOf({ 'dev-cluster': publicCluster() });

  test.each([
    ['no resource: every finding of the rule', undefined],
    ['the exact address', 'aws_eks_cluster.cluster_ABC'],
    ['an address glob', 'aws_eks_cluster.*'],
    ['a construct path glob', 'dev-cluster/eks/**'],
  ])('a waiver matches by %s', (_how, resource) => {
    const outcome = applyWaivers(findings, [{ rule: 'EKS003', resource, reason: REASON }]);
    expect(outcome.unwaived).toEqual([]);
    expect(outcome.waived.map((f) => `${f.rule} ${f.address} ${f.path}`)).toEqual(['EKS003 aws_eks_cluster.cluster_ABC dev-cluster/eks/eks/control-plane/cluster_ABC']);
    expect(outcome.stale).toEqual([]);
  });

  test('a waiver for another rule or resource leaves the finding and is stale', () => {
    const waivers: Waiver[] = [{ rule: 'EKS002', reason: REASON }, { rule: 'EKS003', resource: 'aws_eks_cluster.other', reason: REASON }];
    const outcome = applyWaivers(findings, waivers);
    expect(outcome.unwaived.map((f) => f.rule)).toEqual(['EKS003']);
    expect(outcome.stale).toEqual(waivers);
  });

  test('globs: * stays within a path segment, ** crosses segments', () => {
    expect(globToRegExp('dev-cluster/*/cluster').test('dev-cluster/eks/cluster')).toBe(true);
    expect(globToRegExp('dev-cluster/*/cluster').test('dev-cluster/eks/x/cluster')).toBe(false);
    expect(globToRegExp('dev-cluster/**/cluster').test('dev-cluster/eks/x/cluster')).toBe(true);
    expect(globToRegExp('aws_kms_key.a+b').test('aws_kms_key.aab')).toBe(false);
  });
});

describe('npm run check', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'check-'));
    for (const [name, tf] of Object.entries({ 'dev-cluster': publicCluster(), 'dev-network': { resource: { aws_kms_key: { k: { enable_key_rotation: false } } } } })) {
      mkdirSync(join(outdir, 'stacks', name), { recursive: true });
      writeFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(tf));
    }
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('stacks are grouped by environment', () => {
    expect(environmentOf('dev-cluster')).toBe('dev');
    expect(environmentOf('prod-eu-platform')).toBe('prod-eu');
    expect(environmentOf('standalone')).toBeUndefined();
  });

  test('prints waived findings with their reason, warns on stale waivers, fails only on unwaived ones', () => {
    const waivers: Waiver[] = [
      { rule: 'EKS003', resource: 'dev-cluster/eks/**', reason: REASON },
      { rule: 'LOG001', reason: 'no log group is expected to need this waiver' },
    ];
    const report = checkOutdir(outdir, { waiversOf: () => waivers });
    expect(report.lines).toEqual([
      'dev-cluster: passes 16 rules, 1 waived',
      `  waived: EKS003 aws_eks_cluster.cluster_ABC — reason: ${REASON}`,
      'dev-network: 1 finding(s)',
      '  KMS001 aws_kms_key.k: key rotation is off (enable_key_rotation, CKV_AWS_7); fix: set enable_key_rotation = true',
    ]);
    expect(report.warnings).toEqual(['warning: stacks/environments/dev.yaml: waivers[1] (LOG001) matches no finding in dev-cluster, dev-network; remove it']);
    expect(report.failures).toBe(1);
  });

  test('every finding waived: no failure', () => {
    const report = checkOutdir(outdir, { waiversOf: () => [{ rule: 'EKS003', reason: REASON }, { rule: 'KMS001', resource: 'aws_kms_key.k', reason: REASON }] });
    expect(report.failures).toBe(0);
    expect(report.warnings).toEqual([]);
  });
});

describe('toPassPolicyChecks', () => {
  test('the shipped dev environment passes with no waiver', () => {
    expect(synthParsed(loadEnvironment('dev')).stacks).toPassPolicyChecks();
  });

  test('fails naming the rule, the resource and its construct path; passes once waived', () => {
    expect(() => expect(publicCluster()).toPassPolicyChecks()).toThrow(/EKS003 aws_eks_cluster\.cluster_ABC \(dev-cluster\/eks\/eks\/control-plane\/cluster_ABC\): the API endpoint is public/);
    expect(publicCluster()).toPassPolicyChecks([{ rule: 'EKS003', reason: REASON }]);
  });

  test('a stale waiver fails the matcher', () => {
    expect(() => expect({ resource: {} }).toPassPolicyChecks([{ rule: 'KMS001', reason: REASON }])).toThrow('stale waiver KMS001: matches no finding');
  });
});
