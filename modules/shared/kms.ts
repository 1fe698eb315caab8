import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import type { EnvironmentContext } from '../registry/module';
import { dnsSuffixOf, renderPolicy, type ResourcePolicyDocument, type ResourcePolicyStatement } from './iam-policy';

export interface EncryptionKeyProps {
  /** Alias without the `alias/` prefix, e.g. `dev/vpc-flow-logs`. */
  readonly alias: string;
  readonly description: string;
  /** Statements for the AWS services that use the key; the account root statement is always first. */
  readonly serviceStatements: readonly ResourcePolicyStatement[];
}

/**
 * A customer-managed KMS key with rotation on and a key policy scoped to the account: the account
 * root administers it (so IAM policies decide who else may use it) and only the services named in
 * `serviceStatements` get data-key use.
 */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly arn: string;

  constructor(scope: Construct, id: string, environment: EnvironmentContext, props: EncryptionKeyProps) {
    super(scope, id);
    const accountRoot = `arn:${environment.partition}:iam::${environment.accountId}:root`;
    const policy: ResourcePolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'AccountAdministersKey', Effect: 'Allow', Principal: { AWS: accountRoot }, Action: ['kms:*'], Resource: ['*'] }, ...props.serviceStatements],
    };
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: renderPolicy(policy),
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
  }
}

/** The key-policy statement that lets CloudWatch Logs encrypt one log group (and nothing else). */
export function logsKeyStatement(environment: EnvironmentContext, logGroupName: string): ResourcePolicyStatement {
  return {
    Sid: 'CloudWatchLogsEncryptsLogGroup',
    Effect: 'Allow',
    Principal: { Service: `logs.${environment.region}.${dnsSuffixOf(environment.region)}` },
    Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    Resource: ['*'],
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:${environment.partition}:logs:${environment.region}:${environment.accountId}:log-group:${logGroupName}` } },
  };
}
