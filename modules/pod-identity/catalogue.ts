import type { InputProblem } from '../registry/module';
import type { PolicyDocument } from '../shared/iam-policy';
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
    options: { region: 'string', accountId: 'string', secretArns: 'list', parameterPathPrefixes: 'list', kmsKeyArns: 'list', allowSecretsManagerFind: 'boolean' },
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
export const VALIDATION_ENVIRONMENT: PolicyEnvironment = {
  partition: 'aws',
  region: '${environment.region}',
  accountId: '${environment.accountId}',
  clusterName: '${eks.clusterName}',
};

/** A problem with a role's policy options, at a path below the options object (['hostedZoneIds', 0]). */
export type OptionProblem = InputProblem;

const POLICY_ERROR = /^\w+: ([\w.[\]]+): ([\s\S]*)$/;

/**
 * Turns a policy function's error (`externalDnsPolicy: hostedZoneIds[0]: expected ..., got "x"`) into
 * the option's path and the message after it, so a spec error points at the field the user wrote.
 */
export function optionProblemOf(error: unknown): OptionProblem {
  const text = error instanceof Error ? error.message : String(error);
  const match = POLICY_ERROR.exec(text);
  if (!match) return { path: [], message: text };
  const path = match[1]
    .split(/\.|(?=\[)/)
    .filter(Boolean)
    .map((segment) => (/^\[\d+\]$/.test(segment) ? Number(segment.slice(1, -1)) : segment));
  // The catalogue writes a missing value as "undefined"; specs say "nothing", as the registry does.
  return { path, message: match[2].replace(/, got undefined$/, ', got nothing') };
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
