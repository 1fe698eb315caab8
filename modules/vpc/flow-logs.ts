import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import type { EnvironmentContext } from '../registry/module';
import { policyDocument, renderPolicy, type TrustPolicyDocument } from '../shared/iam-policy';
import { EncryptionKey, logsKeyStatement } from '../shared/kms';
import type { VpcInputs } from './props';

export interface VpcFlowLogsProps {
  readonly vpcName: string;
  readonly vpcId: string;
  readonly settings: VpcInputs['flowLogs'];
}

/**
 * VPC flow logs to a CloudWatch log group we own (retention and KMS set), published by a role that
 * only the flow-logs service of this account can assume and that can only write to that group.
 */
export class VpcFlowLogs extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, environment: EnvironmentContext, props: VpcFlowLogsProps) {
    super(scope, id);
    const { partition, region, accountId } = environment;
    const logGroupName = `/aws/vpc/flow-logs/${props.vpcName}`;
    const kmsKeyArn =
      props.settings.kmsKeyArn ??
      new EncryptionKey(this, 'key', environment, {
        alias: `${props.vpcName}/vpc-flow-logs`,
        description: `Encrypts the VPC flow logs of ${props.vpcName}`,
        serviceStatements: [logsKeyStatement(environment, logGroupName)],
      }).arn;
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: logGroupName,
      retentionInDays: props.settings.retentionDays,
      kmsKeyId: kmsKeyArn,
    });

    // Confused-deputy protection as the VPC User Guide shows it (flow-logs-iam-role.html).
    const trust: TrustPolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'FlowLogsServiceOfThisAccount',
          Effect: 'Allow',
          Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
          Action: ['sts:AssumeRole'],
          Condition: {
            StringEquals: { 'aws:SourceAccount': accountId },
            ArnLike: { 'aws:SourceArn': `arn:${partition}:ec2:${region}:${accountId}:vpc-flow-log/*` },
          },
        },
      ],
    };
    const role = new IamRole(this, 'role', {
      name: `${props.vpcName}-vpc-flow-logs`,
      description: `Publishes the VPC flow logs of ${props.vpcName} to CloudWatch Logs`,
      assumeRolePolicy: renderPolicy(trust),
      // Replaced only for a new name (vpc.name), so the new role can exist first. (The flow log itself is
      // replaced destroy-first: AWS refuses a flow log with an existing one's configuration and
      // destination, FlowLogAlreadyExists, so a few seconds go unlogged when its settings change.)
      lifecycle: { createBeforeDestroy: true },
    });
    new IamRolePolicy(this, 'role-policy', {
      name: 'publish-flow-logs',
      role: role.name,
      // Replaced only with the role, and then onto the new role first.
      lifecycle: { createBeforeDestroy: true },
      policy: renderPolicy(
        policyDocument([
          { Sid: 'WriteFlowLogStreams', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], Resource: [`${this.logGroup.arn}:*`] },
          { Sid: 'FindLogGroups', Effect: 'Allow', Action: ['logs:DescribeLogGroups'], Resource: [`arn:${partition}:logs:${region}:${accountId}:log-group:*`] },
        ]),
      ),
    });
    new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: props.settings.trafficType,
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: props.settings.maxAggregationInterval,
      tags: { Name: `${props.vpcName}-flow-logs` },
    });
  }
}
