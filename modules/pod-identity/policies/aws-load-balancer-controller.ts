import { PolicyDocument, policyDocument } from '../../shared/iam-policy';
import { PartitionOption, resolvedPartition } from './policy-options';

export type AwsLoadBalancerControllerPolicyOptions = PartitionOption;

const POLICY = 'awsLoadBalancerControllerPolicy';

/** The tag the controller puts on every load balancer, target group and security group it creates. */
const CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

/**
 * Permissions for the AWS Load Balancer Controller (`aws-load-balancer-controller`).
 *
 * Kept statement for statement as upstream publishes it: mutations of load balancers, target groups
 * and security groups are confined to resources carrying `elbv2.k8s.aws/cluster`. The few unconditioned
 * mutating statements on "*" (security-group ingress, listeners and rules, WAF/Shield association) are
 * upstream's too: the controller edits rules on security groups it does not own (node and pod groups)
 * and listener/rule ARNs are only known once created, so upstream gives no narrower pattern and
 * guessing one would break reconciliation.
 */
// Source: https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v2.17.1/docs/install/iam_policy.json
//   (tag v2.17.1, commit 3b9bdb1e3fb2ccd7190f32c665062ff2b5792543; latest v2.x release found; unchanged on main
//   at 225f44568848eb25f13e304a5f1cc68c0cd9415d). iam_policy_cn.json / iam_policy_us-gov.json differ only in
//   the ARN partition and statement order, hence the `partition` option.
export function awsLoadBalancerControllerPolicy(options: AwsLoadBalancerControllerPolicyOptions = {}): PolicyDocument {
  const partition = resolvedPartition(POLICY, options.partition);
  const securityGroups = `arn:${partition}:ec2:*:*:security-group/*`;
  const loadBalancersAndTargetGroups = [
    `arn:${partition}:elasticloadbalancing:*:*:targetgroup/*/*`,
    `arn:${partition}:elasticloadbalancing:*:*:loadbalancer/net/*/*`,
    `arn:${partition}:elasticloadbalancing:*:*:loadbalancer/app/*/*`,
  ];
  const taggedByController = { Null: { [`aws:ResourceTag/${CLUSTER_TAG}`]: 'false' } };
  // Changing tags is allowed only on tagged resources, and never the cluster tag itself (the request
  // must not carry it), so the controller cannot adopt resources it did not create.
  const retagOwnResource = {
    Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: 'true', [`aws:ResourceTag/${CLUSTER_TAG}`]: 'false' },
  };

  return policyDocument([
    {
      Sid: 'CreateElbServiceLinkedRole',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: ['*'],
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    },
    {
      Sid: 'DescribeNetworkAndLoadBalancers',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeVpcs',
        'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeTags',
        'ec2:GetCoipPoolUsage',
        'ec2:DescribeCoipPools',
        'ec2:GetSecurityGroupsForVpc',
        'ec2:DescribeIpamPools',
        'ec2:DescribeRouteTables',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeSSLPolicies',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTrustStores',
        'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeCapacityReservation',
      ],
      Resource: ['*'],
    },
    {
      Sid: 'UseCertificatesWafAndShield',
      Effect: 'Allow',
      Action: [
        'cognito-idp:DescribeUserPoolClient',
        'acm:ListCertificates',
        'acm:DescribeCertificate',
        'iam:ListServerCertificates',
        'iam:GetServerCertificate',
        'waf-regional:GetWebACL',
        'waf-regional:GetWebACLForResource',
        'waf-regional:AssociateWebACL',
        'waf-regional:DisassociateWebACL',
        'wafv2:GetWebACL',
        'wafv2:GetWebACLForResource',
        'wafv2:AssociateWebACL',
        'wafv2:DisassociateWebACL',
        'shield:GetSubscriptionState',
        'shield:DescribeProtection',
        'shield:CreateProtection',
        'shield:DeleteProtection',
      ],
      Resource: ['*'],
    },
    {
      Sid: 'EditIngressOfAnySecurityGroup',
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      Resource: ['*'],
    },
    { Sid: 'CreateSecurityGroups', Effect: 'Allow', Action: ['ec2:CreateSecurityGroup'], Resource: ['*'] },
    {
      Sid: 'TagSecurityGroupsOnCreation',
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: [securityGroups],
      Condition: {
        StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' },
        Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: 'false' },
      },
    },
    {
      Sid: 'RetagOwnSecurityGroups',
      Effect: 'Allow',
      Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
      Resource: [securityGroups],
      Condition: retagOwnResource,
    },
    {
      Sid: 'ManageOwnSecurityGroups',
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
      Resource: ['*'],
      Condition: taggedByController,
    },
    {
      Sid: 'CreateLoadBalancersAndTargetGroupsWithClusterTag',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      Resource: ['*'],
      Condition: { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: 'false' } },
    },
    {
      Sid: 'ManageListenersAndRules',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule',
      ],
      Resource: ['*'],
    },
    {
      Sid: 'RetagOwnLoadBalancersAndTargetGroups',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: loadBalancersAndTargetGroups,
      Condition: retagOwnResource,
    },
    {
      Sid: 'TagListenersAndRules',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: [
        `arn:${partition}:elasticloadbalancing:*:*:listener/net/*/*/*`,
        `arn:${partition}:elasticloadbalancing:*:*:listener/app/*/*/*`,
        `arn:${partition}:elasticloadbalancing:*:*:listener-rule/net/*/*/*`,
        `arn:${partition}:elasticloadbalancing:*:*:listener-rule/app/*/*/*`,
      ],
    },
    {
      Sid: 'ModifyOwnLoadBalancersAndTargetGroups',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyCapacityReservation',
        'elasticloadbalancing:ModifyIpPools',
      ],
      Resource: ['*'],
      Condition: taggedByController,
    },
    {
      Sid: 'TagLoadBalancersAndTargetGroupsOnCreation',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags'],
      Resource: loadBalancersAndTargetGroups,
      Condition: {
        StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] },
        Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: 'false' },
      },
    },
    {
      Sid: 'RegisterTargets',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      Resource: [`arn:${partition}:elasticloadbalancing:*:*:targetgroup/*/*`],
    },
    {
      Sid: 'ModifyListenersRulesAndWebAcl',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:SetWebAcl',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:SetRulePriorities',
      ],
      Resource: ['*'],
    },
  ]);
}
