import { PolicyDocument, PolicyStatement, policyDocument } from '../../shared/iam-policy';
import { PartitionOption, checkedString, resolvedPartition } from './policy-options';

export interface VpcCniPolicyOptions extends PartitionOption {
  /**
   * Confine ENI changes to one cluster's ENIs, nodes and VPC (upstream's scope-down policy). Requires
   * VPC CNI v1.8.0+ running with `CLUSTER_NAME` set on the `aws-node` DaemonSet (so it tags the ENIs it
   * creates with `cluster.k8s.amazonaws.com/name`) and nodes tagged `kubernetes.io/cluster/<name>=owned`.
   * Nodes started before `CLUSTER_NAME` was set carry untagged ENIs and must be recycled first.
   * Without it, the policy is AmazonEKS_CNI_Policy, which lets the plugin change any ENI in the account.
   */
  scopeToCluster?: { clusterName: string; vpcId: string };
}

const POLICY = 'vpcCniPolicy';

const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;

/** Permissions for the Amazon VPC CNI plugin in IPv4 mode (`aws-node`). */
// Source (default): AWS managed policy AmazonEKS_CNI_Policy v5 (2024-03-04),
//   https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEKS_CNI_Policy.html
// Source (scopeToCluster): "sample scope-down IAM policy for IPv4 mode" in
//   https://github.com/aws/amazon-vpc-cni-k8s/blob/3ecdfeb5c84d8725af1d69e7fa78ac5dc771e5a6/docs/iam-policy.md
export function vpcCniPolicy(options: VpcCniPolicyOptions = {}): PolicyDocument {
  const partition = resolvedPartition(POLICY, options.partition);
  const tagNetworkInterfaces: PolicyStatement = {
    Sid: 'TagNetworkInterfaces',
    Effect: 'Allow',
    Action: ['ec2:CreateTags'],
    Resource: [`arn:${partition}:ec2:*:*:network-interface/*`],
  };
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
          'ec2:DetachNetworkInterface',
          'ec2:ModifyNetworkInterfaceAttribute',
          'ec2:UnassignPrivateIpAddresses',
        ],
        Resource: ['*'],
      },
      tagNetworkInterfaces,
    ]);
  }
  return scopedToCluster(partition, options.scopeToCluster, tagNetworkInterfaces);
}

function scopedToCluster(
  partition: string,
  scope: { clusterName: string; vpcId: string },
  tagNetworkInterfaces: PolicyStatement,
): PolicyDocument {
  const clusterName = checkedString(POLICY, ['scopeToCluster', 'clusterName'], scope.clusterName, EKS_CLUSTER_NAME,
    'an EKS cluster name (e.g. "prod-eu") or a Terraform reference');
  const vpcId = checkedString(POLICY, ['scopeToCluster', 'vpcId'], scope.vpcId, VPC_ID,
    'a VPC id (e.g. "vpc-0123456789abcdef0") or a Terraform reference');
  const networkInterfaces = `arn:${partition}:ec2:*:*:network-interface/*`;
  const clusterEni = { StringEquals: { 'aws:ResourceTag/cluster.k8s.amazonaws.com/name': clusterName } };

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
    tagNetworkInterfaces,
    {
      Sid: 'CreateClusterNetworkInterfaces',
      Effect: 'Allow',
      Action: ['ec2:CreateNetworkInterface'],
      Resource: [networkInterfaces],
      Condition: { StringEquals: { 'aws:RequestTag/cluster.k8s.amazonaws.com/name': clusterName } },
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
      Condition: { StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${clusterName}`]: 'owned' } },
    },
    {
      Sid: 'SetSecurityGroupsOfNetworkInterfaces',
      Effect: 'Allow',
      Action: ['ec2:ModifyNetworkInterfaceAttribute'],
      Resource: [`arn:${partition}:ec2:*:*:security-group/*`],
    },
  ]);
}
