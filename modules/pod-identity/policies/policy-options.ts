/**
 * Input checks and defaults shared by the pod-identity policy catalogue.
 *
 * Each policy function checks its options where they enter, so a wrong value fails while the stack
 * is synthesized, with a message naming the policy, the option and what was expected, instead of
 * surfacing later as an IAM MalformedPolicyDocument error or, worse, as a policy that grants too much.
 */
import { partitionOf } from '../../shared/iam-policy';

export interface PartitionOption {
  /**
   * AWS partition written into ARNs: "aws", "aws-cn", "aws-us-gov", ... Defaults to the partition of
   * `region` when the policy takes one, else "aws".
   */
  partition?: string;
}

/** Matches the partition names AWS uses ("aws", "aws-cn", "aws-us-gov", "aws-iso-b", ...). */
const PARTITION = /^aws(-[a-z]+)*$/;

/**
 * Terraform interpolations ("${aws_kms_key.x.arn}") are only known at apply time, so they are passed
 * through unchecked; Terraform and IAM validate the resolved value.
 */
export function isTerraformReference(value: string): boolean {
  return value.includes('${');
}

/** Where an option sits below a policy's options: `['hostedZoneIds', 0]`, `['scopeToCluster', 'vpcId']`. */
export type OptionPath = readonly (string | number)[];

/**
 * The one error of the catalogue: a typed value (policy, option path, what was expected, what was
 * given), so callers map it to a spec field without reading the message. The message reads
 * `<policy>: <option>: expected <what>, got <value>` for people using the functions directly.
 */
export class PolicyOptionError extends Error {
  constructor(
    readonly policy: string,
    /** Path of the option; empty when the problem spans several options. */
    readonly path: OptionPath,
    /** What the option should hold: `at least one Route 53 hosted zone id`. */
    readonly expected: string,
    readonly given: unknown,
    /** How the option is named in the message when `path` is empty (several options). */
    label = joinPath(path),
  ) {
    super(`${policy}: ${label}: expected ${expected}, got ${describeValue(given)}`);
    this.name = 'PolicyOptionError';
  }
}

export function invalidOption(policy: string, path: OptionPath, expected: string, got: unknown, label?: string): PolicyOptionError {
  return new PolicyOptionError(policy, path, expected, got, label);
}

function joinPath(path: OptionPath): string {
  return path.reduce<string>((out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment), '');
}

function describeValue(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** A single string that is a Terraform reference or matches `pattern`. */
export function checkedString(policy: string, option: string | OptionPath, value: unknown, pattern: RegExp, expected: string): string {
  if (typeof value === 'string' && (isTerraformReference(value) || pattern.test(value))) return value;
  throw invalidOption(policy, typeof option === 'string' ? [option] : option, expected, value);
}

/**
 * A list with at least one entry, each a Terraform reference or matching `pattern`. `emptyExpected`
 * says what the list should hold; `itemExpected` what one entry should look like.
 */
export function checkedNonEmptyList(
  policy: string,
  option: string,
  values: unknown,
  emptyExpected: string,
  pattern: RegExp,
  itemExpected: string,
): string[] {
  if (!Array.isArray(values) || values.length === 0) throw invalidOption(policy, [option], emptyExpected, values);
  return values.map((value, index) => checkedString(policy, [option, index], value, pattern, itemExpected));
}

/** An optional list: absent or empty means "none"; present entries are checked like a required list's. */
export function checkedOptionalList(
  policy: string,
  option: string,
  values: unknown,
  pattern: RegExp,
  itemExpected: string,
): string[] {
  if (values === undefined) return [];
  if (!Array.isArray(values)) throw invalidOption(policy, [option], `a list of ${itemExpected}`, values);
  return values.map((value, index) => checkedString(policy, [option, index], value, pattern, itemExpected));
}

/**
 * The partition to write into ARNs. Without an explicit one it follows `region`; a region given as a
 * Terraform reference cannot be read here, so such callers should pass `partition` outside "aws".
 */
export function resolvedPartition(policy: string, partition: string | undefined, region?: string): string {
  if (partition === undefined) return region === undefined ? 'aws' : partitionOf(region);
  return checkedString(policy, 'partition', partition, PARTITION, 'an AWS partition (e.g. "aws", "aws-cn", "aws-us-gov")');
}

/** IAM key permissions need key ARNs; aliases do not match a key's ARN. */
const KMS_KEY_ARN = /^arn:[a-z-]+:kms:[^:]*:[^:]*:key\/.+$/;

export function checkedKmsKeyArns(policy: string, values: unknown): string[] {
  return checkedOptionalList(
    policy,
    'kmsKeyArns',
    values,
    KMS_KEY_ARN,
    'a KMS key ARN (e.g. "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab") or a Terraform reference',
  );
}

/** Route 53 hosted zone ids as the API returns them in `Id`, minus the "/hostedzone/" prefix. */
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,32}$/;

export function checkedHostedZoneIds(policy: string, values: unknown): string[] {
  return checkedNonEmptyList(
    policy,
    'hostedZoneIds',
    values,
    'at least one Route 53 hosted zone id (e.g. "Z0123456789ABC")',
    HOSTED_ZONE_ID,
    'a Route 53 hosted zone id matching /^Z[A-Z0-9]{1,32}$/ (e.g. "Z0123456789ABC") or a Terraform reference',
  );
}

export function hostedZoneArn(partition: string, hostedZoneId: string): string {
  return `arn:${partition}:route53:::hostedzone/${hostedZoneId}`;
}

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function checkedRegion(policy: string, value: unknown): string {
  return checkedString(policy, 'region', value, AWS_REGION, 'an AWS region (e.g. "eu-west-1") or a Terraform reference');
}

const ACCOUNT_ID = /^\d{12}$/;

export function checkedAccountId(policy: string, value: unknown): string {
  return checkedString(policy, 'accountId', value, ACCOUNT_ID, 'a 12-digit AWS account id (e.g. "111122223333") or a Terraform reference');
}
