/**
 * IAM policy documents as plain data. Catalogue policies are pure functions returning a
 * `PolicyDocument`; constructs render them with `renderPolicy` (stable key order, so the
 * synthesized JSON is byte-identical across runs).
 */
export type ConditionOperator = string; // e.g. "StringEquals", "StringLike", "ArnLike", "Bool", "Null"
export type ConditionBlock = Record<ConditionOperator, Record<string, string | string[] | boolean>>;

export interface PolicyStatement {
  /** Statement id: say what the statement allows, e.g. "AllowScopedEC2InstanceActions". */
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  /** ARNs; may hold Terraform references (`${aws_sqs_queue.x.arn}`) once rendered in a stack. */
  Resource: string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface TrustStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal: { Service?: string | string[]; AWS?: string | string[]; Federated?: string };
  Action: string[];
  Condition?: ConditionBlock;
}

export interface TrustPolicyDocument {
  Version: '2012-10-17';
  Statement: TrustStatement[];
}

/** A statement of a resource policy (KMS key policy, SQS queue policy): it names its principal. */
export interface ResourcePolicyStatement extends PolicyStatement {
  Principal: { Service?: string | string[]; AWS?: string | string[] };
}

export interface ResourcePolicyDocument {
  Version: '2012-10-17';
  Statement: ResourcePolicyStatement[];
}

export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** Serializes a policy for an `aws_iam_policy.policy` / `aws_iam_role.assume_role_policy` argument. */
export function renderPolicy(document: PolicyDocument | TrustPolicyDocument | ResourcePolicyDocument): string {
  return JSON.stringify(document);
}

/** The AWS partition of a region, so ARNs are right in China and GovCloud too. */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The DNS suffix of a partition, for service principals and endpoint service names. */
export function dnsSuffixOf(region: string): string {
  return partitionOf(region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}
