import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { boundedName } from '../eks/naming';
import type { ConditionBlock } from '../shared/iam-policy';

/**
 * Karpenter's interruption handling, as its getting-started CloudFormation template builds it
 * (https://github.com/aws/karpenter-provider-aws/blob/v1.14.1/website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml):
 * an SQS queue (SSE-SQS, messages kept 300 s: an event older than that is no longer actionable),
 * a queue policy letting EventBridge deliver and refusing non-TLS access, and one EventBridge rule
 * per event Karpenter acts on, each targeting the queue. The controller drains nodes ahead of a
 * Spot reclaim, a scheduled AWS Health change, a rebalance recommendation, a stop/terminate, or a
 * capacity reservation interruption.
 */

/** SQS queue names: 80 characters (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html). */
const QUEUE_NAME_MAX = 80;
/** EventBridge rule names: 64 characters (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html). */
const RULE_NAME_MAX = 64;

/**
 * The rules of the upstream template, event patterns verbatim. v1.14.1 has five: the fifth,
 * CapacityReservationInterruptionRule, arrived with v1.10.0 (2026-03-20).
 */
export const INTERRUPTION_RULES = [
  { id: 'scheduled-change', upstream: 'ScheduledChangeRule', pattern: { source: ['aws.health'], 'detail-type': ['AWS Health Event'] } },
  { id: 'spot-interruption', upstream: 'SpotInterruptionRule', pattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] } },
  { id: 'rebalance', upstream: 'RebalanceRule', pattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Instance Rebalance Recommendation'] } },
  { id: 'instance-state-change', upstream: 'InstanceStateChangeRule', pattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] } },
  {
    id: 'capacity-reservation-interruption',
    upstream: 'CapacityReservationInterruptionRule',
    pattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Capacity Reservation Instance Interruption Warning'] },
  },
] as const;

interface QueuePolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal: '*' | { Service: string[] };
  Action: string | string[];
  Resource: string;
  Condition?: ConditionBlock;
}

/** The upstream queue policy (Id EC2InterruptionPolicy); we add a Sid to its first statement. */
export function interruptionQueuePolicy(queueArn: string): { Version: '2012-10-17'; Id: string; Statement: QueuePolicyStatement[] } {
  return {
    Version: '2012-10-17',
    Id: 'EC2InterruptionPolicy',
    Statement: [
      { Sid: 'AllowEventBridgeDelivery', Effect: 'Allow', Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] }, Action: 'sqs:SendMessage', Resource: queueArn },
      { Sid: 'DenyHTTP', Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: queueArn, Condition: { Bool: { 'aws:SecureTransport': false } } },
    ],
  };
}

export interface InterruptionQueueProps {
  readonly clusterName: string;
}

export class InterruptionQueue extends Construct {
  readonly queue: SqsQueue;
  readonly policy: SqsQueuePolicy;
  readonly rules: CloudwatchEventRule[] = [];
  readonly targets: CloudwatchEventTarget[] = [];
  /** Plain string known at synth time (the chart's settings.interruptionQueue takes the name). */
  readonly queueName: string;

  constructor(scope: Construct, id: string, props: InterruptionQueueProps) {
    super(scope, id);
    this.queueName = boundedName(props.clusterName, 'karpenter', QUEUE_NAME_MAX);
    this.queue = new SqsQueue(this, 'queue', {
      name: this.queueName,
      messageRetentionSeconds: 300,
      sqsManagedSseEnabled: true,
    });
    this.policy = new SqsQueuePolicy(this, 'policy', { queueUrl: this.queue.url, policy: JSON.stringify(interruptionQueuePolicy(this.queue.arn)) });
    for (const rule of INTERRUPTION_RULES) {
      const eventRule = new CloudwatchEventRule(this, `rule-${rule.id}`, {
        name: boundedName(props.clusterName, `karpenter-${rule.id}`, RULE_NAME_MAX),
        description: `Karpenter interruption handling (${rule.upstream}) for cluster ${props.clusterName}`,
        eventPattern: JSON.stringify(rule.pattern),
      });
      this.rules.push(eventRule);
      this.targets.push(
        new CloudwatchEventTarget(this, `target-${rule.id}`, {
          rule: eventRule.name,
          targetId: 'KarpenterInterruptionQueueTarget',
          arn: this.queue.arn,
          // Events sent before the queue policy allows EventBridge in would be dropped.
          dependsOn: [this.policy],
        }),
      );
    }
  }
}
