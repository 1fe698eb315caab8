/**
 * Our rules name their checkov counterparts; verify/upstream/checkov-checks.json lists the checks
 * checkov has at the version CI installs (read from its source by scripts/upstream/checkov-checks.mjs).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CHECKOV_COUNTERPARTS, CHECKOV_ID, RULES, STACK_RULES, stackFindings } from '../../verify/rules';
import checkovChecks from '../../verify/upstream/checkov-checks.json';

const checks = checkovChecks.checks as Record<string, { kind: string; name: string | null; file: string; resourceTypes: string[] | null }>;

describe('verify/upstream/checkov-checks.json', () => {
  test('names its source: the checkov repository at a release tag and its commit', () => {
    expect(checkovChecks).toMatchObject({ generatedBy: 'scripts/upstream/checkov-checks.mjs', source: 'https://github.com/bridgecrewio/checkov', tag: expect.stringMatching(/^3\.\d+\.\d+$/), commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(Object.keys(checks).length).toBeGreaterThan(400);
    for (const [id, check] of Object.entries(checks)) {
      expect({ id, ok: CHECKOV_ID.test(id) && /^checkov\/terraform\/checks\/(resource|graph_checks)\/aws\//.test(check.file) }).toEqual({ id, ok: true });
    }
  });

  test('is the version CI installs (.github/workflows/plan.yml)', () => {
    const workflow = parse(readFileSync('.github/workflows/plan.yml', 'utf8')) as { jobs: { plan: { steps: { env?: Record<string, string>; run?: string }[] } } };
    const scan = workflow.jobs.plan.steps.find((s) => s.run?.includes('pip install'))!;
    expect(scan.env?.CHECKOV_VERSION).toBe(checkovChecks.tag);
    expect(scan.run).toContain('pip install --disable-pip-version-check --quiet "checkov==$CHECKOV_VERSION"');
  });
});

describe("our rules' checkov counterparts", () => {
  const counterparts = [...RULES, ...STACK_RULES].filter((r) => r.checkov);

  test.each(counterparts.map((r) => [r.id, r.checkov!]))('%s names %s, which checkov has at the pinned version', (_rule, checkId) => {
    expect(checks[checkId]).toBeDefined();
  });

  test.each(RULES.filter((r) => r.checkov).map((r) => [r.id, r.checkov!, r.checkovReportsOn?.type ?? r.resourceType]))('%s: %s runs on %s, where checkov reports it', (_rule, checkId, type) => {
    expect(checks[checkId].resourceTypes).toContain(type);
  });

  test('VPC002: CKV2_AWS_11 runs on the VPC its findings name', () => {
    const [finding] = stackFindings({ resource: { aws_vpc: { main: { cidr_block: '10.0.0.0/16' } } } });
    expect(finding.rule).toBe('VPC002');
    expect(checks[STACK_RULES.find((r) => r.id === 'VPC002')!.checkov!].resourceTypes).toContain(finding.address.split('.')[0]);
  });

  test('the counterparts (what `npm run check -- --checkov` maps waivers through)', () => {
    expect(Object.fromEntries(CHECKOV_COUNTERPARTS)).toEqual({
      EKS001: 'CKV_AWS_58',
      EKS002: 'CKV_AWS_37',
      EKS003: 'CKV_AWS_38',
      EC2001: 'CKV_AWS_79',
      EKS004: 'CKV_AWS_100',
      VPC001: 'CKV2_AWS_12',
      KMS001: 'CKV_AWS_7',
      SQS001: 'CKV_AWS_27',
      LOG001: 'CKV_AWS_66',
      IAM001: 'CKV_AWS_62',
      IAM002: 'CKV_AWS_62',
      VPC002: 'CKV2_AWS_11',
    });
  });

  test('rules without a counterpart have none at the pinned version for their resource type and meaning', () => {
    // EC2002 (launch template EBS encryption): CKV_AWS_8 judges launch configurations and instances only.
    expect(checks.CKV_AWS_8.resourceTypes).not.toContain('aws_launch_template');
    expect(RULES.filter((r) => !r.checkov).map((r) => r.id)).toEqual(['EC2002', 'IAM003', 'IAM004']);
  });
});
