import { PolicyDocument, policyDocument } from '../../shared/iam-policy';
import { PartitionOption, checkedString, resolvedPartition } from './policy-options';

export interface VpcCniPolicyOptions extends PartitionOption {
  /**
   * Confine ENI changes to one cluster's ENIs, nodes and VPC (upstream's scope-down policy, with its
   * unconditioned `ec2:CreateTags` narrowed, see below). Requires VPC CNI v1.8.0+ running with
   * `CLUSTER_NAME` set on the `aws-node` DaemonSet (so it tags the ENIs it creates with
   * `cluster.k8s.amazonaws.com/name`), and every node's instance and primary ENI tagged
   * `kubernetes.io/cluster/<name>=owned` at launch (Karpenter does both; a launch template must list
   * `instance` and `network-interface` tag specifications). aws-node fails to start on a node whose
   * primary ENI it may not tag. Nodes started before `CLUSTER_NAME` was set carry untagged ENIs and
   * must be recycled first.
   * @default none: AmazonEKS_CNI_Policy, which lets the plugin change any ENI in the account
   */
  scopeToCluster?: { clusterName: string; vpcId: string };
}

const POLICY = 'vpcCniPolicy';

const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;

/** The tag the plugin puts on the ENIs it creates when `CLUSTER_NAME` is set. */
const ENI_CLUSTER_TAG = 'cluster.k8s.amazonaws.com/name';

/** Permissions for the Amazon VPC CNI plugin in IPv4 mode (`aws-node`). */
// Source (default): AWS managed policy AmazonEKS_CNI_Policy v6 (2026-03-04),
//   https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEKS_CNI_Policy.html, vendored in
//   ../upstream/vpc-cni/AmazonEKS_CNI_Policy.v6.json (= the IPv4 policy of docs/iam-policy.md at v1.23.0).
// Source (scopeToCluster): "sample scope-down IAM policy for IPv4 mode" in
//   https://github.com/aws/amazon-vpc-cni-k8s/blob/v1.23.0/docs/iam-policy.md (commit 0c65d58cf2b490014e7aa19aac172a032f4e520a);
//   CreateTags calls: pkg/awsutils/awsutils.go at that tag (createENI's TagSpecifications, TagENI, tagENIcreateTS).
export function vpcCniPolicy(options: VpcCniPolicyOptions = {}): PolicyDocument {
  const partition = resolvedPartition(POLICY, options.partition);
  if (options.scopeToCluster === undefined) {
    return policyDocument([
      {
        Sid: 'ManageNetworkInterfaces',
        Effect: 'Allow',
        Action: [
          'ec2:AssignPrivateIpAddresses',
          'ec2:AttachNetworkInterface',
          'ec2:CreateNetworkInterface',
          'ec2:DeleteNetworkInterface',
          'ec2:DescribeInstances',
          'ec2:DescribeTags',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeSubnets',
          'ec2:DescribeSecurityGroups',
          'ec2:DetachNetworkInterface',
          'ec2:ModifyNetworkInterfaceAttribute',
          'ec2:UnassignPrivateIpAddresses',
        ],
        Resource: ['*'],
      },
      {
        Sid: 'TagNetworkInterfaces',
        Effect: 'Allow',
        Action: ['ec2:CreateTags'],
        Resource: [`arn:${partition}:ec2:*:*:network-interface/*`],
      },
    ]);
  }
  return scopedToCluster(partition, options.scopeToCluster);
}

/**
 * Upstream's scope-down policy, except its `ec2:CreateTags` on every ENI in the account: with it the
 * plugin could put this cluster's `cluster.k8s.amazonaws.com/name` on any ENI (another cluster's, a
 * database's) and then delete, detach or re-secure it through the cluster-scoped statements. Here it
 * may tag ENIs only as it creates them, ENIs already tagged for this cluster (leaked-ENI timestamps,
 * missing tags) and ENIs that carry this cluster's `kubernetes.io/cluster/<name>=owned` ownership tag
 * (a node's primary ENI, which ipamd tags at start and which EC2 created, not the plugin).
 */
function scopedToCluster(partition: string, scope: { clusterName: string; vpcId: string }): PolicyDocument {
  const clusterName = checkedString(POLICY, ['scopeToCluster', 'clusterName'], scope.clusterName, EKS_CLUSTER_NAME,
    'an EKS cluster name (e.g. "prod-eu") or a Terraform reference');
  const vpcId = checkedString(POLICY, ['scopeToCluster', 'vpcId'], scope.vpcId, VPC_ID,
    'a VPC id (e.g. "vpc-0123456789abcdef0") or a Terraform reference');
  const networkInterfaces = `arn:${partition}:ec2:*:*:network-interface/*`;
  const clusterEni = { StringEquals: { [`aws:ResourceTag/${ENI_CLUSTER_TAG}`]: clusterName } };
  const ownedByCluster = { StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${clusterName}`]: 'owned' } };

  return policyDocument([
    {
      Sid: 'DescribeNetworkState',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeInstances',
        'ec2:DescribeTags',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DescribeInstanceTypes',
      ],
      Resource: ['*'],
    },
    {
      Sid: 'TagNetworkInterfacesOnCreation',
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: [networkInterfaces],
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkInterface' } },
    },
    { Sid: 'TagClusterNetworkInterfaces', Effect: 'Allow', Action: ['ec2:CreateTags'], Resource: [networkInterfaces], Condition: clusterEni },
    { Sid: 'TagNetworkInterfacesOfClusterNodes', Effect: 'Allow', Action: ['ec2:CreateTags'], Resource: [networkInterfaces], Condition: ownedByCluster },
    {
      Sid: 'CreateClusterNetworkInterfaces',
      Effect: 'Allow',
      Action: ['ec2:CreateNetworkInterface'],
      Resource: [networkInterfaces],
      Condition: { StringEquals: { [`aws:RequestTag/${ENI_CLUSTER_TAG}`]: clusterName } },
    },
    {
      Sid: 'CreateNetworkInterfacesInClusterVpc',
      Effect: 'Allow',
      Action: ['ec2:CreateNetworkInterface'],
      Resource: [`arn:${partition}:ec2:*:*:subnet/*`, `arn:${partition}:ec2:*:*:security-group/*`],
      Condition: { ArnEquals: { 'ec2:Vpc': `arn:${partition}:ec2:*:*:vpc/${vpcId}` } },
    },
    {
      Sid: 'ManageClusterNetworkInterfaces',
      Effect: 'Allow',
      Action: [
        'ec2:DeleteNetworkInterface',
        'ec2:UnassignPrivateIpAddresses',
        'ec2:AssignPrivateIpAddresses',
        'ec2:AttachNetworkInterface',
        'ec2:DetachNetworkInterface',
        'ec2:ModifyNetworkInterfaceAttribute',
      ],
      Resource: [networkInterfaces],
      Condition: clusterEni,
    },
    {
      Sid: 'AttachNetworkInterfacesToClusterNodes',
      Effect: 'Allow',
      Action: ['ec2:AttachNetworkInterface', 'ec2:DetachNetworkInterface', 'ec2:ModifyNetworkInterfaceAttribute'],
      Resource: [`arn:${partition}:ec2:*:*:instance/*`],
      Condition: ownedByCluster,
    },
    {
      Sid: 'SetSecurityGroupsOfNetworkInterfaces',
      Effect: 'Allow',
      Action: ['ec2:ModifyNetworkInterfaceAttribute'],
      Resource: [`arn:${partition}:ec2:*:*:security-group/*`],
    },
  ]);
}
