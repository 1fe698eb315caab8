import { loadEnvironment } from '../../stacks/load';
import { checkStack, RULES, type TerraformJson } from '../../verify/rules';
import { synthParsed } from '../support/synth';

const stackWith = (type: string, body: Record<string, unknown>): TerraformJson => ({ resource: { [type]: { bad: body } } });
const rulesFired = (tf: TerraformJson) => [...new Set(checkStack(tf).map((f) => f.rule))];
/** Rows of [rule, fixture] or [rule, fixture, rules expected to fire]; the default is the rule alone. */
const withExpected = (rows: ([string, TerraformJson] | [string, TerraformJson, string[]])[]): [string, TerraformJson, string[]][] => rows.map((row) => (row.length === 3 ? row : [row[0], row[1], [row[0]]]));
const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

describe('policy rules', () => {
  test('every stack of the shipped dev environment passes with no waiver', () => {
    const { stacks } = synthParsed(loadEnvironment('dev'));
    for (const tf of Object.values(stacks)) expect(checkStack(tf as TerraformJson)).toEqual([]);
  });

  test('rule ids are unique and every rule says how to fix it', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const rule of RULES) expect(rule.fix.length).toBeGreaterThan(10);
  });

  test.each(withExpected([
    ['EKS001', stackWith('aws_eks_cluster', { vpc_config: { endpoint_public_access: false }, enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] })],
    ['EKS002', stackWith('aws_eks_cluster', { encryption_config: { resources: ['secrets'] }, vpc_config: { endpoint_public_access: false }, enabled_cluster_log_types: ['api'] })],
    ['EKS003', stackWith('aws_eks_cluster', { encryption_config: { resources: ['secrets'] }, vpc_config: { endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] }, enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] })],
    ['EC2001', stackWith('aws_launch_template', { metadata_options: { http_tokens: 'optional' }, block_device_mappings: [{ ebs: { encrypted: 'true' } }] })],
    ['EC2002', stackWith('aws_launch_template', { metadata_options: { http_tokens: 'required' }, block_device_mappings: [{ ebs: { encrypted: 'false' } }] })],
    ['EKS004', stackWith('aws_eks_node_group', { remote_access: { ec2_ssh_key: 'ops' } })],
    ['VPC001', stackWith('aws_default_security_group', { ingress: [{ from_port: 0 }], egress: [] })],
    ['KMS001', stackWith('aws_kms_key', { enable_key_rotation: false })],
    ['SQS001', stackWith('aws_sqs_queue', { name: 'q' })],
    ['LOG001', stackWith('aws_cloudwatch_log_group', { name: '/x' })],
    ['IAM001', stackWith('aws_iam_role_policy', { policy: policy({ Effect: 'Allow', Action: ['s3:*', '*'], Resource: '*' }) }), ['IAM001', 'IAM003']],
    ['IAM002', stackWith('aws_iam_policy', { policy: policy({ Effect: 'Allow', Action: ['*'], Resource: ['*'] }) }), ['IAM002', 'IAM004']],
    ['IAM003', stackWith('aws_iam_role_policy', { policy: policy({ Effect: 'Allow', Action: ['iam:PassRole'], Resource: '*' }) })],
    ['VPC002', stackWith('aws_vpc', { cidr_block: '10.0.0.0/16' })],
  ]))('%s fires on a bad fixture, and only it', (_rule, tf, expected) => {
    // "Action": "*" also grants iam:PassRole on "*", so the PassRole rule rightly fires beside it.
    expect(rulesFired(tf)).toEqual(expected);
  });

  test('a finding names the resource, the attribute, the checkov id and the fix', () => {
    expect(checkStack(stackWith('aws_kms_key', { enable_key_rotation: false }))).toEqual([
      { rule: 'KMS001', address: 'aws_kms_key.bad', message: 'key rotation is off (enable_key_rotation, CKV_AWS_7); fix: set enable_key_rotation = true' },
    ]);
  });

  test('a deny statement with wildcards is not a finding', () => {
    expect(rulesFired(stackWith('aws_iam_role_policy', { policy: policy({ Effect: 'Deny', Action: '*', Resource: '*' }) }))).toEqual([]);
  });
});
