import {
  KARPENTER_CHART,
  KARPENTER_VERSION,
  type KarpenterControllerPolicyOptions,
  karpenterControllerPolicy,
  karpenterControllerPolicyGroups,
} from '../../../modules/karpenter/controller-policy';
import type { PolicyStatement } from '../../../modules/shared/iam-policy';

const options: KarpenterControllerPolicyOptions = {
  partition: 'aws',
  region: 'eu-west-1',
  accountId: '123456789012',
  clusterName: 'platform-prod',
  interruptionQueueArn: '${aws_sqs_queue.karpenter_interruption.arn}',
  nodeRoleArn: '${aws_iam_role.karpenter_node.arn}',
};

const policy = karpenterControllerPolicy(options);
const clusterArn = 'arn:aws:eks:eu-west-1:123456789012:cluster/platform-prod';

function statement(sid: string): PolicyStatement {
  const found = policy.Statement.filter((s) => s.Sid === sid);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('karpenterControllerPolicy', () => {
  it('is a 2012-10-17 document of Allow statements with unique Sids, in upstream order', () => {
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement.every((s) => s.Effect === 'Allow')).toBe(true);
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'AllowScopedEC2InstanceAccessActions',
      'AllowScopedEC2LaunchTemplateAccessActions',
      'AllowScopedEC2InstanceActionsWithTags',
      'AllowScopedResourceCreationTagging',
      'AllowScopedResourceTagging',
      'AllowScopedDeletion',
      'AllowPassingInstanceRole',
      'AllowScopedInstanceProfileCreationActions',
      'AllowScopedInstanceProfileTagActions',
      'AllowScopedInstanceProfileActions',
      'AllowAPIServerEndpointDiscovery',
      'AllowInterruptionQueueActions',
      'AllowZonalShiftStatusReadOnly',
      'AllowRegionalReadActions',
      'AllowSSMReadActions',
      'AllowPricingReadActions',
      'AllowUnscopedInstanceProfileListAction',
      'AllowInstanceProfileReadActions',
    ]);
  });

  it('merges the six upstream policy groups without losing or adding a statement', () => {
    const groups = karpenterControllerPolicyGroups(options);
    expect(Object.keys(groups)).toEqual([
      'NodeLifecyclePolicy',
      'IAMIntegrationPolicy',
      'EKSIntegrationPolicy',
      'InterruptionPolicy',
      'ZonalShiftPolicy',
      'ResourceDiscoveryPolicy',
    ]);
    expect(Object.values(groups).flatMap((g) => g.Statement)).toEqual(policy.Statement);
  });

  it('lets RunInstances/CreateFleet use shared launch inputs without tag conditions', () => {
    const s = statement('AllowScopedEC2InstanceAccessActions');
    expect(s.Action).toEqual(['ec2:RunInstances', 'ec2:CreateFleet']);
    expect(s.Resource).toEqual([
      'arn:aws:ec2:eu-west-1::image/*',
      'arn:aws:ec2:eu-west-1::snapshot/*',
      'arn:aws:ec2:eu-west-1:*:security-group/*',
      'arn:aws:ec2:eu-west-1:*:subnet/*',
      'arn:aws:ec2:eu-west-1:*:capacity-reservation/*',
      'arn:aws:ec2:eu-west-1:*:placement-group/*',
    ]);
    expect(s.Condition).toBeUndefined();
  });

  it('only launches from launch templates this cluster owns', () => {
    const s = statement('AllowScopedEC2LaunchTemplateAccessActions');
    expect(s.Resource).toEqual(['arn:aws:ec2:eu-west-1:*:launch-template/*']);
    expect(s.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/kubernetes.io/cluster/platform-prod': 'owned' },
      StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
    });
  });

  it('requires the cluster ownership and eks:eks-cluster-name request tags on everything it creates', () => {
    const create = statement('AllowScopedEC2InstanceActionsWithTags');
    expect(create.Action).toEqual(['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate']);
    expect(create.Resource).toHaveLength(6);
    expect(create.Resource).toContain('arn:aws:ec2:eu-west-1:*:spot-instances-request/*');
    expect(create.Condition?.StringEquals).toEqual({
      'aws:RequestTag/kubernetes.io/cluster/platform-prod': 'owned',
      'aws:RequestTag/eks:eks-cluster-name': 'platform-prod',
    });
    expect(create.Condition?.StringLike).toEqual({ 'aws:RequestTag/karpenter.sh/nodepool': '*' });

    const tagging = statement('AllowScopedResourceCreationTagging');
    expect(tagging.Action).toEqual(['ec2:CreateTags']);
    expect(tagging.Resource).toEqual(create.Resource);
    expect(tagging.Condition?.StringEquals).toEqual({
      'aws:RequestTag/kubernetes.io/cluster/platform-prod': 'owned',
      'aws:RequestTag/eks:eks-cluster-name': 'platform-prod',
      'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'],
    });
  });

  it('limits later tagging of owned instances to three tag keys', () => {
    const s = statement('AllowScopedResourceTagging');
    expect(s.Resource).toEqual(['arn:aws:ec2:eu-west-1:*:instance/*']);
    expect(s.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/kubernetes.io/cluster/platform-prod': 'owned' },
      StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      StringEqualsIfExists: { 'aws:RequestTag/eks:eks-cluster-name': 'platform-prod' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
    });
  });

  it('only terminates instances and deletes launch templates this cluster owns', () => {
    const s = statement('AllowScopedDeletion');
    expect(s.Action).toEqual(['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate']);
    expect(s.Condition?.StringEquals).toEqual({ 'aws:ResourceTag/kubernetes.io/cluster/platform-prod': 'owned' });
  });

  it('passes only the node role, and only to EC2', () => {
    const passRole = policy.Statement.filter((s) => s.Action.includes('iam:PassRole'));
    expect(passRole).toHaveLength(1);
    expect(passRole[0].Sid).toBe('AllowPassingInstanceRole');
    expect(passRole[0].Resource).toEqual(['${aws_iam_role.karpenter_node.arn}']);
    expect(passRole[0].Condition).toEqual({
      StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] },
    });
  });

  it('scopes instance profile management to profiles tagged for this cluster, region and an EC2NodeClass', () => {
    const create = statement('AllowScopedInstanceProfileCreationActions');
    expect(create.Resource).toEqual(['arn:aws:iam::123456789012:instance-profile/*']);
    expect(create.Condition).toEqual({
      StringEquals: {
        'aws:RequestTag/kubernetes.io/cluster/platform-prod': 'owned',
        'aws:RequestTag/eks:eks-cluster-name': 'platform-prod',
        'aws:RequestTag/topology.kubernetes.io/region': 'eu-west-1',
      },
      StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
    });

    const tag = statement('AllowScopedInstanceProfileTagActions');
    expect(tag.Action).toEqual(['iam:TagInstanceProfile']);
    expect(Object.keys(tag.Condition?.StringEquals ?? {})).toHaveLength(5);

    const manage = statement('AllowScopedInstanceProfileActions');
    expect(manage.Action).toEqual(['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile']);
    expect(manage.Condition?.StringEquals).toEqual({
      'aws:ResourceTag/kubernetes.io/cluster/platform-prod': 'owned',
      'aws:ResourceTag/topology.kubernetes.io/region': 'eu-west-1',
    });
  });

  it('describes only this cluster', () => {
    const s = statement('AllowAPIServerEndpointDiscovery');
    expect(s.Action).toEqual(['eks:DescribeCluster']);
    expect(s.Resource).toEqual([clusterArn]);
    expect(policy.Statement.filter((x) => x.Action.some((a) => a.startsWith('eks:')))).toEqual([s]);
  });

  it('reads and deletes messages only on the interruption queue', () => {
    const s = statement('AllowInterruptionQueueActions');
    expect(s.Action).toEqual(['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage']);
    expect(s.Resource).toEqual(['${aws_sqs_queue.karpenter_interruption.arn}']);
    expect(policy.Statement.filter((x) => x.Action.some((a) => a.startsWith('sqs:')))).toEqual([s]);
  });

  it('reads zonal shift state only for this cluster', () => {
    expect(statement('AllowZonalShiftStatusReadOnly').Condition).toEqual({
      StringEquals: { 'arc-zonal-shift:ResourceIdentifier': clusterArn },
    });
  });

  it('keeps discovery reads in-region and SSM reads on public AWS parameters', () => {
    const reads = statement('AllowRegionalReadActions');
    expect(reads.Action).toHaveLength(11);
    expect(reads.Action.every((a) => a.startsWith('ec2:Describe'))).toBe(true);
    expect(reads.Condition).toEqual({ StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } });
    expect(statement('AllowSSMReadActions').Resource).toEqual(['arn:aws:ssm:eu-west-1::parameter/aws/service/*']);
    expect(statement('AllowPricingReadActions').Action).toEqual(['pricing:GetProducts']);
    expect(statement('AllowUnscopedInstanceProfileListAction').Action).toEqual(['iam:ListInstanceProfiles']);
    expect(statement('AllowInstanceProfileReadActions').Resource).toEqual(['arn:aws:iam::123456789012:instance-profile/*']);
  });

  it('puts the partition into every ARN (China and GovCloud)', () => {
    const cn = karpenterControllerPolicy({ ...options, partition: 'aws-cn', region: 'cn-north-1' });
    const arns = cn.Statement.flatMap((s) => s.Resource).filter((r) => r.startsWith('arn:'));
    expect(arns.length).toBeGreaterThan(0);
    expect(arns.every((r) => r.startsWith('arn:aws-cn:'))).toBe(true);
  });

  it('fits IAM size limits: each group as a managed policy, the whole as an inline policy', () => {
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
});
