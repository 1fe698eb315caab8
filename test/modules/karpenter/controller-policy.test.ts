import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  KARPENTER_CHART,
  KARPENTER_VERSION,
  type KarpenterControllerPolicyOptions,
  karpenterControllerPolicy,
  karpenterControllerPolicyGroups,
} from '../../../modules/karpenter/controller-policy';
import { expectOnlyDocumentedDeviations, karpenterCloudFormationPolicies, type StatementLike } from '../pod-identity/upstream-compare';

const options: KarpenterControllerPolicyOptions = {
  partition: 'aws',
  region: 'eu-west-1',
  accountId: '123456789012',
  clusterName: 'platform-prod',
  interruptionQueueArn: '${aws_sqs_queue.karpenter_interruption.arn}',
  nodeRoleArn: '${aws_iam_role.karpenter_node.arn}',
};

/** The upstream template's parameters and our test values, under common names. */
const oursNames = {
  'arn:aws:': 'arn:{partition}:',
  'eu-west-1': '{region}',
  '123456789012': '{account}',
  'platform-prod': '{cluster}',
  '${aws_sqs_queue.karpenter_interruption.arn}': '{interruptionQueueArn}',
  '${aws_iam_role.karpenter_node.arn}': '{nodeRoleArn}',
};
const upstreamNames = {
  '${AWS::Partition}': '{partition}',
  '${AWS::Region}': '{region}',
  '${AWS::AccountId}': '{account}',
  '${ClusterName}': '{cluster}',
  '${KarpenterInterruptionQueue.Arn}': '{interruptionQueueArn}',
  '${KarpenterNodeRole.Arn}': '{nodeRoleArn}',
};

const upstream = karpenterCloudFormationPolicies();
const groups = karpenterControllerPolicyGroups(options);
const policy = karpenterControllerPolicy(options);

const sidsOf = (statements: StatementLike | readonly StatementLike[]) => [statements].flat().map((s) => (s as { Sid?: string }).Sid);

describe('karpenterControllerPolicy = the controller policies of cloudformation.yaml (v1.14.1)', () => {
  test('has upstream\'s six managed policies, in upstream\'s order', () => {
    expect(Object.keys(groups)).toEqual(Object.keys(upstream));
  });

  test.each(Object.keys(upstream))('%s: no deviation', (name) => {
    expectOnlyDocumentedDeviations({ ours: groups[name as keyof typeof groups], oursNames, upstream: upstream[name], upstreamNames });
  });

  test('the merged inline policy: no deviation, upstream\'s Sids in upstream\'s order', () => {
    expectOnlyDocumentedDeviations({ ours: policy, oursNames, upstream: Object.values(upstream), upstreamNames });
    expect(policy.Statement.map((s) => s.Sid)).toEqual(Object.values(upstream).flatMap((document) => sidsOf(document.Statement)));
    expect(Object.values(groups).flatMap((g) => g.Statement)).toEqual(policy.Statement);
  });

  test('puts the partition into every ARN (China and GovCloud)', () => {
    const cn = karpenterControllerPolicy({ ...options, partition: 'aws-cn', region: 'cn-north-1' });
    const arns = cn.Statement.flatMap((s) => s.Resource).filter((r) => r.startsWith('arn:'));
    expect(arns.length).toBeGreaterThan(0);
    expect(arns.every((r) => r.startsWith('arn:aws-cn:'))).toBe(true);
  });

  test('fits IAM size limits: each group as a managed policy, the whole as an inline policy', () => {
    const long = { ...options, clusterName: 'a-rather-long-platform-cluster-name-prod-eu-central-1' };
    for (const group of Object.values(karpenterControllerPolicyGroups(long))) {
      expect(JSON.stringify(group).length).toBeLessThan(6144);
    }
    expect(JSON.stringify(karpenterControllerPolicy(long)).length).toBeLessThan(10240);
  });
});

describe('Karpenter release pins', () => {
  it('pins a v1 chart version and the OCI chart names', () => {
    expect(KARPENTER_VERSION).toMatch(/^1\.\d+\.\d+$/);
    expect(KARPENTER_CHART).toEqual({ repository: 'oci://public.ecr.aws/karpenter', controllerChart: 'karpenter', crdChart: 'karpenter-crd' });
  });

  it('is the release the compared CloudFormation template was vendored from', () => {
    const source = readFileSync(join(__dirname, '../../../modules/karpenter/upstream/SOURCE.md'), 'utf8');
    expect(source).toContain(`- Tag: \`v${KARPENTER_VERSION}\``);
  });
});
