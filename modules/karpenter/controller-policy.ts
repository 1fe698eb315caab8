import { type PolicyDocument, type PolicyStatement, policyDocument } from '../shared/iam-policy';

/**
 * The Karpenter v1 controller IAM policy, statement for statement as Karpenter ships it in its
 * getting-started CloudFormation template:
 *   https://github.com/aws/karpenter-provider-aws/blob/v1.14.1/website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml
 *   (explained at https://karpenter.sh/docs/reference/cloudformation/)
 * Copied from tag v1.14.1 (2026-08-20); the template last changed in v1.13.0 (2026-06-10).
 *
 * Upstream splits these statements over six managed policies (NodeLifecycle, IAMIntegration,
 * EKSIntegration, Interruption, ZonalShift, ResourceDiscovery) because one managed policy is capped at
 * 6,144 characters. `karpenterControllerPolicyGroups` keeps that split; `karpenterControllerPolicy`
 * merges it for an inline role policy (10,240-character cap per role).
 *
 * Every option may be a Terraform reference ("${aws_sqs_queue.x.arn}"); values are only interpolated.
 */
export const KARPENTER_VERSION = '1.14.1';

/** Karpenter publishes its charts only as OCI artifacts; the CRDs have their own chart for upgrades. */
export const KARPENTER_CHART = {
  repository: 'oci://public.ecr.aws/karpenter',
  controllerChart: 'karpenter',
  crdChart: 'karpenter-crd',
} as const;

export interface KarpenterControllerPolicyOptions {
  partition: string;
  region: string;
  accountId: string;
  clusterName: string;
  interruptionQueueArn: string;
  nodeRoleArn: string;
}

/** Upstream's managed-policy names, minus the "KarpenterController" prefix and "-<cluster>" suffix. */
export type KarpenterPolicyGroup =
  | 'NodeLifecyclePolicy'
  | 'IAMIntegrationPolicy'
  | 'EKSIntegrationPolicy'
  | 'InterruptionPolicy'
  | 'ZonalShiftPolicy'
  | 'ResourceDiscoveryPolicy';

export function karpenterControllerPolicyGroups(o: KarpenterControllerPolicyOptions): Record<KarpenterPolicyGroup, PolicyDocument> {
  const ec2 = `arn:${o.partition}:ec2:${o.region}`;
  const instanceProfiles = `arn:${o.partition}:iam::${o.accountId}:instance-profile/*`;
  const clusterArn = `arn:${o.partition}:eks:${o.region}:${o.accountId}:cluster/${o.clusterName}`;
  // The tag keys Karpenter stamps on everything it launches; conditions on them keep the controller
  // from touching EC2/IAM resources of other clusters or of anything it did not create.
  const clusterTag = `kubernetes.io/cluster/${o.clusterName}`;
  const launchedResources = ['fleet', 'instance', 'volume', 'network-interface', 'launch-template', 'spot-instances-request'].map(
    (type) => `${ec2}:*:${type}/*`,
  );

  const nodeLifecycle: PolicyStatement[] = [
    {
      // Shared inputs to a launch (AMIs, subnets, ...) carry no Karpenter tags, so these are unscoped.
      Sid: 'AllowScopedEC2InstanceAccessActions',
      Effect: 'Allow',
      Resource: [
        `${ec2}::image/*`,
        `${ec2}::snapshot/*`,
        `${ec2}:*:security-group/*`,
        `${ec2}:*:subnet/*`,
        `${ec2}:*:capacity-reservation/*`,
        `${ec2}:*:placement-group/*`,
      ],
      Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
    },
    {
      Sid: 'AllowScopedEC2LaunchTemplateAccessActions',
      Effect: 'Allow',
      Resource: [`${ec2}:*:launch-template/*`],
      Action: ['ec2:RunInstances', 'ec2:CreateFleet'],
      Condition: {
        StringEquals: { [`aws:ResourceTag/${clusterTag}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      Sid: 'AllowScopedEC2InstanceActionsWithTags',
      Effect: 'Allow',
      Resource: launchedResources,
      Action: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
      Condition: {
        StringEquals: { [`aws:RequestTag/${clusterTag}`]: 'owned', 'aws:RequestTag/eks:eks-cluster-name': o.clusterName },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      Sid: 'AllowScopedResourceCreationTagging',
      Effect: 'Allow',
      Resource: launchedResources,
      Action: ['ec2:CreateTags'],
      Condition: {
        StringEquals: {
          [`aws:RequestTag/${clusterTag}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': o.clusterName,
          'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'],
        },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      // After launch, only the Name / nodeclaim / cluster-name tags may be added to owned instances.
      Sid: 'AllowScopedResourceTagging',
      Effect: 'Allow',
      Resource: [`${ec2}:*:instance/*`],
      Action: ['ec2:CreateTags'],
      Condition: {
        StringEquals: { [`aws:ResourceTag/${clusterTag}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
        StringEqualsIfExists: { 'aws:RequestTag/eks:eks-cluster-name': o.clusterName },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
      },
    },
    {
      Sid: 'AllowScopedDeletion',
      Effect: 'Allow',
      Resource: [`${ec2}:*:instance/*`, `${ec2}:*:launch-template/*`],
      Action: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
      Condition: {
        StringEquals: { [`aws:ResourceTag/${clusterTag}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      },
    },
  ];

  const iamIntegration: PolicyStatement[] = [
    {
      // Only the node role, and only to EC2 (both partitions' service principals, as upstream lists them).
      Sid: 'AllowPassingInstanceRole',
      Effect: 'Allow',
      Resource: [o.nodeRoleArn],
      Action: ['iam:PassRole'],
      Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
    },
    {
      Sid: 'AllowScopedInstanceProfileCreationActions',
      Effect: 'Allow',
      Resource: [instanceProfiles],
      Action: ['iam:CreateInstanceProfile'],
      Condition: {
        StringEquals: {
          [`aws:RequestTag/${clusterTag}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': o.clusterName,
          'aws:RequestTag/topology.kubernetes.io/region': o.region,
        },
        StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    },
    {
      Sid: 'AllowScopedInstanceProfileTagActions',
      Effect: 'Allow',
      Resource: [instanceProfiles],
      Action: ['iam:TagInstanceProfile'],
      Condition: {
        StringEquals: {
          [`aws:ResourceTag/${clusterTag}`]: 'owned',
          'aws:ResourceTag/topology.kubernetes.io/region': o.region,
          [`aws:RequestTag/${clusterTag}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': o.clusterName,
          'aws:RequestTag/topology.kubernetes.io/region': o.region,
        },
        StringLike: {
          'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*',
          'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*',
        },
      },
    },
    {
      Sid: 'AllowScopedInstanceProfileActions',
      Effect: 'Allow',
      Resource: [instanceProfiles],
      Action: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
      Condition: {
        StringEquals: { [`aws:ResourceTag/${clusterTag}`]: 'owned', 'aws:ResourceTag/topology.kubernetes.io/region': o.region },
        StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    },
  ];

  const eksIntegration: PolicyStatement[] = [
    { Sid: 'AllowAPIServerEndpointDiscovery', Effect: 'Allow', Resource: [clusterArn], Action: ['eks:DescribeCluster'] },
  ];

  const interruption: PolicyStatement[] = [
    {
      Sid: 'AllowInterruptionQueueActions',
      Effect: 'Allow',
      Resource: [o.interruptionQueueArn],
      Action: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
    },
  ];

  const zonalShift: PolicyStatement[] = [
    {
      // Read-only; lets Karpenter avoid zones under an ARC zonal shift (settings.enableZonalShift).
      Sid: 'AllowZonalShiftStatusReadOnly',
      Effect: 'Allow',
      Resource: ['*'],
      Action: ['arc-zonal-shift:GetManagedResource'],
      Condition: { StringEquals: { 'arc-zonal-shift:ResourceIdentifier': clusterArn } },
    },
  ];

  const resourceDiscovery: PolicyStatement[] = [
    {
      Sid: 'AllowRegionalReadActions',
      Effect: 'Allow',
      Resource: ['*'],
      Action: [
        'ec2:DescribeCapacityReservations',
        'ec2:DescribeImages',
        'ec2:DescribeInstances',
        'ec2:DescribeInstanceStatus',
        'ec2:DescribeInstanceTypeOfferings',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplates',
        'ec2:DescribePlacementGroups',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSpotPriceHistory',
        'ec2:DescribeSubnets',
      ],
      Condition: { StringEquals: { 'aws:RequestedRegion': o.region } },
    },
    {
      Sid: 'AllowSSMReadActions',
      Effect: 'Allow',
      Resource: [`arn:${o.partition}:ssm:${o.region}::parameter/aws/service/*`],
      Action: ['ssm:GetParameter'],
    },
    { Sid: 'AllowPricingReadActions', Effect: 'Allow', Resource: ['*'], Action: ['pricing:GetProducts'] },
    { Sid: 'AllowUnscopedInstanceProfileListAction', Effect: 'Allow', Resource: ['*'], Action: ['iam:ListInstanceProfiles'] },
    { Sid: 'AllowInstanceProfileReadActions', Effect: 'Allow', Resource: [instanceProfiles], Action: ['iam:GetInstanceProfile'] },
  ];

  return {
    NodeLifecyclePolicy: policyDocument(nodeLifecycle),
    IAMIntegrationPolicy: policyDocument(iamIntegration),
    EKSIntegrationPolicy: policyDocument(eksIntegration),
    InterruptionPolicy: policyDocument(interruption),
    ZonalShiftPolicy: policyDocument(zonalShift),
    ResourceDiscoveryPolicy: policyDocument(resourceDiscovery),
  };
}

/** All controller statements in one document, in upstream order. */
export function karpenterControllerPolicy(o: KarpenterControllerPolicyOptions): PolicyDocument {
  return policyDocument(Object.values(karpenterControllerPolicyGroups(o)).flatMap((group) => group.Statement));
}
