import type { InputProblem } from '../registry/errors';
import type { PolicyDocument } from '../shared/iam-policy';
import { describeValue } from '../registry/errors';
import { PolicyOptionError } from './policies/policy-options';
import {
  awsLoadBalancerControllerPolicy,
  certManagerPolicy,
  cloudWatchObservabilityPolicy,
  ebsCsiDriverPolicy,
  efsCsiDriverPolicy,
  externalDnsPolicy,
  externalSecretsPolicy,
  policyCatalogue,
  veleroPolicy,
  vpcCniPolicy,
  type PolicyName,
} from './policies';

/** What the environment fills in for a policy's options when the spec leaves them out. */
export interface PolicyEnvironment {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
}

/** How this module type-checks an option before the policy function checks its value. */
type OptionKind = 'list' | 'string' | 'boolean' | 'object';

export interface CatalogueBinding {
  /** Options a spec may give, by name. `partition` is never one: it follows the environment's region. */
  readonly options: Readonly<Record<string, OptionKind>>;
  /** Builds the policy; throws the policy function's own error for a bad option. */
  build(options: Readonly<Record<string, unknown>>, environment: PolicyEnvironment): PolicyDocument;
}

// The policy functions check their own values; these casts only hand them what the spec held.
/* eslint-disable @typescript-eslint/no-explicit-any */
const given = (options: Readonly<Record<string, unknown>>) => options as any;

/** Every catalogue policy, bound to the options a spec may set and the environment defaults. */
export const CATALOGUE_BINDINGS: Readonly<Record<PolicyName, CatalogueBinding>> = {
  'ebs-csi-driver': {
    options: { kmsKeyArns: 'list' },
    build: (options, env) => ebsCsiDriverPolicy({ ...given(options), partition: env.partition }),
  },
  'efs-csi-driver': { options: {}, build: () => efsCsiDriverPolicy() },
  'aws-load-balancer-controller': { options: {}, build: (_options, env) => awsLoadBalancerControllerPolicy({ partition: env.partition }) },
  'external-dns': {
    options: { hostedZoneIds: 'list' },
    build: (options, env) => externalDnsPolicy({ ...given(options), partition: env.partition }),
  },
  'cert-manager': {
    options: { hostedZoneIds: 'list', solversSetHostedZoneId: 'boolean' },
    build: (options, env) => certManagerPolicy({ ...given(options), partition: env.partition }),
  },
  'external-secrets': {
    options: { region: 'string', accountId: 'string', secretArns: 'list', parameterPathPrefixes: 'list', kmsKeyArns: 'list', allowSecretsManagerFind: 'boolean', allowParameterStoreFind: 'boolean' },
    build: (options, env) => externalSecretsPolicy({ region: env.region, accountId: env.accountId, ...given(options), partition: env.partition }),
  },
  'vpc-cni': {
    options: { scopeToCluster: 'object' },
    build: (options, env) => {
      const scope = options.scopeToCluster as Record<string, unknown> | undefined;
      return vpcCniPolicy({ partition: env.partition, scopeToCluster: scope && ({ clusterName: env.clusterName, ...scope } as any) });
    },
  },
  'cloudwatch-observability': { options: {}, build: (_options, env) => cloudWatchObservabilityPolicy({ partition: env.partition }) },
  velero: {
    options: { bucketName: 'string', kmsKeyArns: 'list', ebsSnapshots: 'boolean' },
    build: (options, env) => veleroPolicy({ ...given(options), partition: env.partition }),
  },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

export const CATALOGUE_POLICY_NAMES = Object.keys(policyCatalogue).sort() as PolicyName[];

export function isPolicyName(name: string): name is PolicyName {
  return Object.prototype.hasOwnProperty.call(policyCatalogue, name);
}

/**
 * Stand-ins for the values the environment and the `eks` module fill in at build time. They are
 * Terraform-reference-shaped, which the policy functions pass through unchecked, so validating a
 * spec checks exactly the options the user wrote.
 */
const VALIDATION_ENVIRONMENT: PolicyEnvironment = {
  partition: 'aws',
  region: '${environment.region}',
  accountId: '${environment.accountId}',
  clusterName: '${eks.clusterName}',
};

/** A problem with a role's policy options, at a path below the options object (['hostedZoneIds', 0]). */
export type OptionProblem = InputProblem;

/**
 * The option path and message of a policy function's `PolicyOptionError`, so a spec error points at
 * the field the user wrote. Anything else a policy function throws is a bug and is rethrown.
 */
function optionProblemOf(error: unknown): OptionProblem {
  if (!(error instanceof PolicyOptionError)) throw error;
  return { path: [...error.path], message: `expected ${error.expected}, got ${describeValue(error.given)}` };
}

/** What a policy function says of the options it is called with: nothing, or the one problem it reports. */
export function policyFunctionProblems(build: () => unknown): OptionProblem[] {
  try {
    build();
    return [];
  } catch (error) {
    return [optionProblemOf(error)];
  }
}

/**
 * A catalogue policy's options judged as a spec is: type problems first (what TypeScript would catch),
 * then, only when the types are right, the policy function itself with placeholder environment values.
 * The pod-identity module's roles and the catalogue add-ons' roles are checked by this one function.
 */
export function bindingOptionProblems(binding: CatalogueBinding, options: Readonly<Record<string, unknown>>): OptionProblem[] {
  const typeProblems = optionTypeProblems(binding, options);
  return typeProblems.length ? typeProblems : policyFunctionProblems(() => binding.build(options, VALIDATION_ENVIRONMENT));
}

/** Type checks the policy functions leave to TypeScript (booleans, objects); values are theirs to check. */
export function optionTypeProblems(binding: CatalogueBinding, options: Readonly<Record<string, unknown>>): OptionProblem[] {
  const problems: OptionProblem[] = [];
  for (const [name, value] of Object.entries(options)) {
    const kind = binding.options[name];
    if (kind === 'boolean' && typeof value !== 'boolean') problems.push({ path: [name], message: `expected true or false, got ${JSON.stringify(value)}` });
    if (kind === 'object' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      problems.push({ path: [name], message: `expected a mapping, got ${JSON.stringify(value)}` });
    }
  }
  return problems;
}
