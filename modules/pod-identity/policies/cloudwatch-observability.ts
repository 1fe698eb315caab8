import { PolicyDocument, policyDocument } from '../../shared/iam-policy';
import { PartitionOption, resolvedPartition } from './policy-options';

export type CloudWatchObservabilityPolicyOptions = PartitionOption;

const POLICY = 'cloudWatchObservabilityPolicy';

/**
 * Permissions for the Amazon CloudWatch Observability add-on's agent (`cloudwatch-agent`), which the
 * EKS docs grant CloudWatchAgentServerPolicy (plus AWSXrayWriteOnlyAccess, whose five X-Ray actions
 * CloudWatchAgentServerPolicy v3 already contains).
 *
 * Kept as the managed policy has it: PutMetricData, the X-Ray calls and EC2 Describe* accept only "*",
 * and the log groups written depend on the add-on's configuration (Container Insights, Application
 * Signals, Fluent Bit), which AWS documents no fixed name list for. The one scoped statement lets the
 * agent read its configuration from SSM parameters named `AmazonCloudWatch-*`.
 */
// Source: AWS managed policy CloudWatchAgentServerPolicy v3 (2024-02-06),
//   https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudWatchAgentServerPolicy.html
//   (document read from the zoph-io/MAMIP mirror of AWS managed policies, policies/CloudWatchAgentServerPolicy);
// add-on permissions: https://docs.aws.amazon.com/eks/latest/userguide/amazon-cloudwatch-observability.html and
//   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Observability-EKS-addon.html
export function cloudWatchObservabilityPolicy(options: CloudWatchObservabilityPolicyOptions = {}): PolicyDocument {
  const partition = resolvedPartition(POLICY, options.partition);
  return policyDocument([
    {
      Sid: 'CWACloudWatchServerPermissions',
      Effect: 'Allow',
      Action: [
        'cloudwatch:PutMetricData',
        'ec2:DescribeVolumes',
        'ec2:DescribeTags',
        'logs:PutLogEvents',
        'logs:PutRetentionPolicy',
        'logs:DescribeLogStreams',
        'logs:DescribeLogGroups',
        'logs:CreateLogStream',
        'logs:CreateLogGroup',
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
        'xray:GetSamplingStatisticSummaries',
      ],
      Resource: ['*'],
    },
    {
      Sid: 'CWASSMServerPermissions',
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: [`arn:${partition}:ssm:*:*:parameter/AmazonCloudWatch-*`],
    },
  ]);
}
