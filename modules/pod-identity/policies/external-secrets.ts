import { PolicyDocument, PolicyStatement, dnsSuffixOf, policyDocument } from '../../shared/iam-policy';
import {
  PartitionOption,
  checkedAccountId,
  checkedKmsKeyArns,
  checkedOptionalList,
  checkedRegion,
  invalidOption,
  resolvedPartition,
} from './policy-options';

export interface ExternalSecretsPolicyOptions extends PartitionOption {
  /** Region of the Parameter Store parameters; also names the services KMS decryption is allowed through. */
  region: string;
  /** Account owning the Parameter Store parameters. */
  accountId: string;
  /**
   * Secrets Manager secrets ExternalSecrets may read. Secret ARNs end in a random 6-character suffix,
   * so pass the exact ARN (e.g. a Terraform reference) or a name prefix with "*" ("...:secret:prod/app-*").
   */
  secretArns?: string[];
  /**
   * Parameter Store path prefixes ExternalSecrets may read, each starting with "/" (e.g. "/platform/prod/").
   * Matched as a plain prefix: "/prod" also matches "/production/..."; end with "/" to stop at a path.
   * `dataFrom.find.path` may name the prefix with or without its trailing "/" ("/platform/prod"), or
   * any path below it.
   */
  parameterPathPrefixes?: string[];
  /** Customer managed keys the secrets or SecureString parameters are encrypted with. */
  kmsKeyArns?: string[];
  /**
   * Adds `secretsmanager:ListSecrets` and `secretsmanager:BatchGetSecretValue` (Resource "*"), needed by
   * `dataFrom.find` and batch retrieval. Off by default: ListSecrets exposes every secret's name and tags
   * in the account. Values are still only readable through GetSecretValue on `secretArns`.
   * @default false
   */
  allowSecretsManagerFind?: boolean;
  /**
   * Adds `ssm:DescribeParameters` (Resource "*"), needed by `dataFrom.find.tags` on Parameter Store and
   * by `find.name` when GetParametersByPath is denied (a `find.path` outside `parameterPathPrefixes`, or
   * none). Off by default: it lists the name, type and tags of every parameter in the region. Values
   * are still only readable under `parameterPathPrefixes`, so give such finds a `path` there.
   * @default false
   */
  allowParameterStoreFind?: boolean;
}

const POLICY = 'externalSecretsPolicy';

const SECRET_ARN = /^arn:[a-z-]+:secretsmanager:[^:]*:[^:]*:secret:.+$/;
/** A path below the root; "/" alone or a wildcard would open the whole Parameter Store. */
const PARAMETER_PATH_PREFIX = /^\/[^*]+$/;

/**
 * Read-only permissions for the external-secrets controller's SecretStores on AWS Secrets Manager and
 * Parameter Store. PushSecret's write permissions are deliberately not included.
 */
// Source: https://github.com/external-secrets/external-secrets/blob/v2.9.0/docs/provider/aws-secrets-manager.md
//   and .../v2.9.0/docs/provider/aws-parameter-store.md, "IAM Policy" (tag v2.9.0, commit 378bdb622ed9712ef4a58370f6a17af033b7d343);
// Parameter Store find: providers/v1/aws/parameterstore/parameterstore.go at that tag (findByName calls
//   GetParametersByPath on find.path and falls back to DescribeParameters when denied; findByTags calls
//   DescribeParameters, then GetParameter per result); GetParametersByPath's resource is the path:
//   https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html
// KMS: kms:Decrypt through the calling service, as in the AWS managed policy AWSSecretsManagerClientReadOnlyAccess
//   (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSecretsManagerClientReadOnlyAccess.html).
export function externalSecretsPolicy(options: ExternalSecretsPolicyOptions): PolicyDocument {
  const region = checkedRegion(POLICY, options.region);
  const accountId = checkedAccountId(POLICY, options.accountId);
  const partition = resolvedPartition(POLICY, options.partition, region);
  const secretArns = checkedOptionalList(POLICY, 'secretArns', options.secretArns, SECRET_ARN,
    'a Secrets Manager secret ARN (e.g. "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/app-AbCdEf") or a Terraform reference');
  const prefixes = checkedOptionalList(POLICY, 'parameterPathPrefixes', options.parameterPathPrefixes, PARAMETER_PATH_PREFIX,
    'an SSM parameter path prefix below "/" without wildcards (e.g. "/platform/prod/") or a Terraform reference');
  const kmsKeyArns = checkedKmsKeyArns(POLICY, options.kmsKeyArns);

  if (secretArns.length === 0 && prefixes.length === 0) {
    throw invalidOption(POLICY, [],
      'at least one Secrets Manager secret ARN or SSM parameter path prefix', {
        secretArns: options.secretArns,
        parameterPathPrefixes: options.parameterPathPrefixes,
      }, 'secretArns, parameterPathPrefixes');
  }
  if (options.allowSecretsManagerFind === true && secretArns.length === 0) {
    // Find lists secrets but reads values with GetSecretValue, so without secret ARNs it reads nothing.
    throw invalidOption(POLICY, ['secretArns'], 'at least one Secrets Manager secret ARN when allowSecretsManagerFind is true', options.secretArns);
  }
  if (options.allowParameterStoreFind === true && prefixes.length === 0) {
    // Likewise: find lists parameters but reads each with GetParameter, only allowed under the prefixes.
    throw invalidOption(POLICY, ['parameterPathPrefixes'], 'at least one SSM parameter path prefix when allowParameterStoreFind is true', options.parameterPathPrefixes);
  }

  const statements: PolicyStatement[] = [];
  if (options.allowSecretsManagerFind === true) {
    statements.push({
      Sid: 'ListSecrets',
      Effect: 'Allow',
      // Neither call supports resource-level permissions.
      Action: ['secretsmanager:ListSecrets', 'secretsmanager:BatchGetSecretValue'],
      Resource: ['*'],
    });
  }
  if (secretArns.length > 0) {
    statements.push({
      Sid: 'ReadGivenSecrets',
      Effect: 'Allow',
      Action: [
        'secretsmanager:GetResourcePolicy',
        'secretsmanager:GetSecretValue',
        'secretsmanager:DescribeSecret',
        'secretsmanager:ListSecretVersionIds',
      ],
      Resource: secretArns,
    });
  }
  if (prefixes.length > 0) {
    const parameterArn = (name: string) => `arn:${partition}:ssm:${region}:${accountId}:parameter${name}`;
    statements.push({
      Sid: 'ReadParametersUnderGivenPaths',
      Effect: 'Allow',
      // GetParameter, GetParameters, GetParametersByPath and GetParameterHistory, as documented.
      Action: ['ssm:GetParameter*'],
      // A parameter "/a/b" has the ARN "...:parameter/a/b", so the prefix's leading "/" is the ARN's.
      Resource: prefixes.map((prefix) => parameterArn(`${prefix}*`)),
    });
    // GetParametersByPath is authorized on the path itself: find.path "/a/b" is ".../parameter/a/b",
    // which "/a/b/*" does not match. Only this call gets the bare path, so a parameter named "/a/b"
    // (outside the "/a/b/" hierarchy) stays unreadable.
    const paths = prefixes.filter((prefix) => prefix.length > 1 && prefix.endsWith('/')).map((prefix) => parameterArn(prefix.slice(0, -1)));
    if (paths.length > 0) {
      statements.push({ Sid: 'ReadParametersByGivenPaths', Effect: 'Allow', Action: ['ssm:GetParametersByPath'], Resource: paths });
    }
    if (options.allowParameterStoreFind === true) {
      statements.push({
        Sid: 'DescribeParameters',
        Effect: 'Allow',
        // No resource-level permissions exist for this call.
        Action: ['ssm:DescribeParameters'],
        Resource: ['*'],
      });
    }
  }
  if (kmsKeyArns.length > 0) {
    const dnsSuffix = dnsSuffixOf(region);
    const services = [
      ...(secretArns.length > 0 ? [`secretsmanager.${region}.${dnsSuffix}`] : []),
      ...(prefixes.length > 0 ? [`ssm.${region}.${dnsSuffix}`] : []),
    ];
    statements.push({
      Sid: 'DecryptThroughSecretsServices',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: kmsKeyArns,
      // Only when Secrets Manager / Parameter Store call KMS on the controller's behalf, not for direct use.
      Condition: { StringEquals: { 'kms:ViaService': services } },
    });
  }
  return policyDocument(statements);
}
