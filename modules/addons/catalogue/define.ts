import { Release } from '@cdktf/provider-helm/lib/release';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { satisfies } from 'semver';
import { z } from 'zod';
import { eksModule, type EksOutputs } from '../../eks';
import { CATALOGUE_BINDINGS, bindingOptionProblems } from '../../pod-identity/catalogue';
import type { PolicyName } from '../../pod-identity/policies';
import { PodIdentityRole } from '../../pod-identity/role';
import { InputProblems, type InputProblem } from '../../registry/errors';
import { defineModule, withProblems, type AnyModuleDefinition, type BuildContext, type EnvironmentContext, type ModuleConflict, type ModuleMigration } from '../../registry/module';
import { defaultRegistry } from '../../registry/registry';
import { kubernetesProviders } from '../../shared/kubernetes-providers';
import { LocalChart, sortedYaml, type KubernetesObject } from '../../shared/local-chart';
import { addonRoleName } from '../inputs';
import { eksPodIdentityAgentModule } from '../eks-pod-identity-agent';
import { chartFacts, type ChartFacts } from './charts';
import { AWS_RESOURCE_CONTROLLERS, registerAddonEntry, type AwsResourceKind } from './entry';
import { chartValueProblems, mergeValues } from './values';

/**
 * Inputs every Helm add-on takes. Those that call AWS add `podIdentityAddonShape` (their role's
 * name); the others take none, so a role name given to them is an unknown field, not a setting ignored.
 */
export const helmAddonShape = {
  values: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('Chart values merged over ours (maps merge, lists replace), checked against the chart at its pinned version: its values.schema.json, or its values.yaml keys. @default {}'),
};

/**
 * 2.0.0 of the add-ons that call no AWS API: 1.x accepted a role name and made no role with it.
 * Nothing in the state changes; only the spec loses the input.
 */
export const ROLE_NAME_REMOVED: ModuleMigration = {
  fromMajor: 1,
  summary: 'podIdentityRoleName removed: this add-on calls no AWS API and never made a role, so the input did nothing',
  removedInputs: { podIdentityRoleName: 'delete it (no role was ever made with it, so nothing in AWS changes)' },
};

export interface HelmAddonOutputs {
  readonly release: Release;
  readonly namespace: string;
  readonly podIdentityRoleArn?: string;
}

export interface AddonValuesContext {
  readonly environment: EnvironmentContext;
  readonly eks: EksOutputs;
  /** Whether the environment has a module (to adapt to a neighbour, e.g. a ClusterIssuer's solver). */
  readonly has: (moduleName: string) => boolean;
}

export interface HelmAddonDescriptor<Schema extends z.ZodType> {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** Folder under modules/addons/upstream/charts/ holding the pinned chart's facts. */
  readonly chart: string;
  readonly namespace: string;
  /** The service account the chart creates for the pods that call AWS; set through the chart's serviceAccount key. */
  readonly serviceAccount?: string;
  /** Its IAM: a policy from the Pod Identity catalogue, with options from the inputs. */
  readonly podIdentity?: {
    readonly policy: PolicyName;
    options?(inputs: z.output<Schema>): Record<string, unknown>;
    /** Where each option comes from in the inputs, when not from the input of its name (for error paths). @default the option's own name */
    readonly optionInputs?: Readonly<Record<string, readonly (string | number)[]>>;
    /** Only with these inputs (e.g. cert-manager needs AWS only for a Route 53 solver). @default always */
    when?(inputs: z.output<Schema>): boolean;
    /** When `when` holds, in words, for the error given to a role name that no role uses. */
    readonly whenDescription?: string;
  };
  readonly placement: 'system' | 'any';
  /** Value paths under which nodeSelector/tolerations go, for charts with several workloads. @default [''] (top level) */
  readonly placementPaths?: readonly string[];
  readonly inputs: Schema;
  /** Our values for the chart (before the spec's `values`). */
  values(inputs: z.output<Schema>, context: AddonValuesContext): Record<string, unknown>;
  /** Objects of the chart's CRDs to create once it runs (a ClusterIssuer, a ClusterSecretStore). */
  objects?(inputs: z.output<Schema>, context: AddonValuesContext): readonly KubernetesObject[];
  /** Problems only the build can see (a value derived from other modules). */
  check?(inputs: z.output<Schema>, context: AddonValuesContext): readonly InputProblem[];
  readonly after?: readonly string[];
  readonly conflicts?: readonly ModuleConflict<z.output<Schema>>[];
  /** What changed in each major version (see ModuleMigration). @default none */
  readonly migrations?: readonly ModuleMigration<z.output<Schema>, HelmAddonOutputs>[];
  /** Why EKS Auto Mode makes this add-on wrong (it has its own); then refused in auto mode. */
  readonly refusedInAutoMode?: string;
  readonly provides?: readonly AwsResourceKind[];
}

const SYSTEM_PLACEMENT = { nodeSelector: { 'node-role': 'system' }, tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }] };

function setPath(values: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  if (!path) return mergeValues(values, value as Record<string, unknown>);
  const keys = path.split('.');
  const nested = keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
  return mergeValues(values, nested);
}

/** The Kubernetes minor satisfies the chart's declared kubeVersion range (Chart.yaml), if any. */
export function kubeVersionProblem(facts: ChartFacts, kubernetesVersion: string): string | undefined {
  if (!facts.kubeVersion) return undefined;
  return satisfies(`${kubernetesVersion}.0`, facts.kubeVersion, { includePrerelease: true })
    ? undefined
    : `chart ${facts.chart} ${facts.version} requires Kubernetes ${facts.kubeVersion} (its Chart.yaml kubeVersion), and the cluster runs ${kubernetesVersion}`;
}

/**
 * The add-on's policy options checked with the inputs, as the pod-identity module checks a role's
 * (the policy function itself judges them, with placeholder environment values), so a bad ARN or
 * path is a spec error at the input that gave it, not a failure halfway through synthesis.
 */
function policyOptionProblems<Inputs>(podIdentity: NonNullable<HelmAddonDescriptor<z.ZodType<Inputs>>['podIdentity']>, inputs: Inputs): InputProblem[] {
  if (!(podIdentity.when?.(inputs) ?? true)) return [];
  const binding = CATALOGUE_BINDINGS[podIdentity.policy];
  const options = podIdentity.options?.(inputs) ?? {};
  const inputPath = (path: readonly (string | number)[]) => {
    if (!path.length) return [];
    const [option, ...rest] = path;
    return [...(podIdentity.optionInputs?.[String(option)] ?? [option]), ...rest];
  };
  return bindingOptionProblems(binding, options).map((problem) => ({ ...problem, path: inputPath(problem.path) }));
}

/**
 * A Helm chart add-on as a registry module in the platform stack: the release at the pinned chart
 * version with values checked against the chart, its IAM role and Pod Identity association (made
 * before the release, so its pods start with credentials), its custom resources in a generated chart
 * after it, and the order and conflicts it declares.
 */
export function defineHelmAddon<Schema extends z.ZodType<{ values: Record<string, unknown>; podIdentityRoleName?: string }>>(descriptor: HelmAddonDescriptor<Schema>): AnyModuleDefinition {
  const facts = () => chartFacts(descriptor.chart);
  const isController = (AWS_RESOURCE_CONTROLLERS as readonly string[]).includes(descriptor.name);
  const after = [...new Set([...(descriptor.after ?? []), ...(isController ? [] : AWS_RESOURCE_CONTROLLERS)])];
  const definition = defineModule({
    name: descriptor.name,
    version: descriptor.version,
    description: descriptor.description,
    stack: 'platform',
    inputs: descriptor.podIdentity ? withProblems(descriptor.inputs, (inputs) => policyOptionProblems(descriptor.podIdentity!, inputs), { onlyWhenValid: true }) : descriptor.inputs,
    outputs: { namespace: 'Namespace the add-on runs in', ...(descriptor.podIdentity ? { podIdentityRoleArn: 'IAM role its pods get through Pod Identity' } : {}) },
    dependsOn: [eksModule.name],
    // The Pod Identity agent hands out the role's credentials; Auto Mode has it built in, so it is
    // required (below) only on node groups.
    after: descriptor.podIdentity ? [...after, eksPodIdentityAgentModule.name] : after,
    conflicts: descriptor.conflicts,
    migrations: descriptor.migrations,
    build(scope: Construct, inputs: z.output<Schema>, context: BuildContext): HelmAddonOutputs {
      const eks = context.dependency(eksModule);
      const chart = facts();
      const problems: InputProblem[] = [];
      if (eks.computeMode === 'auto' && descriptor.refusedInAutoMode) problems.push({ path: [], message: descriptor.refusedInAutoMode });
      if (descriptor.podIdentity && eks.computeMode !== 'auto' && !context.has(eksPodIdentityAgentModule.name)) {
        problems.push({ path: [], message: `its IAM comes through EKS Pod Identity, whose agent the eks-pod-identity-agent module installs; add an "eks-pod-identity-agent:" section` });
      }
      const versionProblem = kubeVersionProblem(chart, eks.kubernetesVersion);
      if (versionProblem) problems.push({ path: [], message: versionProblem });
      const valuesContext: AddonValuesContext = { environment: context.environment, eks, has: (name) => context.has(name) };
      problems.push(...(descriptor.check?.(inputs, valuesContext) ?? []));

      let ours = descriptor.values(inputs, valuesContext);
      // Auto Mode nodes carry no node-role label: pinning there would leave the pods Pending.
      if (descriptor.placement === 'system' && eks.computeMode !== 'auto') {
        for (const path of descriptor.placementPaths ?? ['']) ours = setPath(ours, path, SYSTEM_PLACEMENT);
      }
      if (descriptor.serviceAccount && chart.serviceAccount.valuesKey) {
        const key = chart.serviceAccount.valuesKey;
        ours = setPath(ours, key.slice(0, key.lastIndexOf('.')), { create: true, [key.slice(key.lastIndexOf('.') + 1)]: descriptor.serviceAccount });
      }
      problems.push(...chartValueProblems(chart, ours, inputs.values));
      if (problems.length) throw new InputProblems(problems);

      const providers = kubernetesProviders(scope, eks.clusterName, context.environment);
      const waitFor: ITerraformDependable[] = [];
      let role: PodIdentityRole | undefined;
      const makesRole = Boolean(descriptor.podIdentity && descriptor.serviceAccount && (descriptor.podIdentity.when?.(inputs) ?? true));
      if (!makesRole && inputs.podIdentityRoleName !== undefined) {
        throw new InputProblems({ path: ['podIdentityRoleName'], message: `no IAM role is made with these inputs${descriptor.podIdentity?.whenDescription ? ` (${descriptor.podIdentity.whenDescription})` : ''}; remove podIdentityRoleName` });
      }
      if (makesRole && descriptor.podIdentity && descriptor.serviceAccount) {
        const roleName = addonRoleName(eks.clusterName, descriptor.name, inputs.podIdentityRoleName);
        const { partition, region, accountId } = context.environment;
        role = new PodIdentityRole(scope, 'pod-identity-role', {
          clusterName: eks.clusterName,
          clusterArn: eks.clusterArn,
          namespace: descriptor.namespace,
          serviceAccount: descriptor.serviceAccount,
          roleName,
          policy: CATALOGUE_BINDINGS[descriptor.podIdentity.policy].build(descriptor.podIdentity.options?.(inputs) ?? {}, { partition, region, accountId, clusterName: eks.clusterName }),
          description: `${descriptor.name} (${descriptor.namespace}/${descriptor.serviceAccount}) on cluster ${eks.clusterName}`,
        });
        waitFor.push(role.rolePolicy, ...(role.association ? [role.association] : []));
      }
      for (const earlier of after) {
        const outputs = context.ifPresent<HelmAddonOutputs>({ name: earlier });
        if (outputs?.release) waitFor.push(outputs.release);
      }

      const release = new Release(scope, 'release', {
        name: descriptor.name,
        chart: chart.chart,
        repository: chart.repository,
        version: chart.version,
        namespace: descriptor.namespace,
        createNamespace: descriptor.namespace !== 'kube-system',
        values: [sortedYaml(mergeValues(ours, inputs.values))],
        provider: providers.helm,
        dependsOn: waitFor,
      });
      const objects = descriptor.objects?.(inputs, valuesContext) ?? [];
      if (objects.length) {
        new LocalChart(scope, 'objects', {
          helm: providers.helm,
          name: `${descriptor.name}-objects`,
          namespace: descriptor.namespace,
          description: `Custom resources of ${descriptor.name}, generated by its module (regenerated at every synth)`,
          chartVersion: descriptor.version,
          objects,
          dependsOn: [release],
        });
      }
      return { release, namespace: descriptor.namespace, podIdentityRoleArn: role?.roleArn };
    },
  });
  registerAddonEntry(descriptor.name, () => ({
    kind: 'helm',
    package: facts().chart,
    version: facts().version,
    repository: facts().repository,
    namespace: descriptor.namespace,
    serviceAccount: descriptor.serviceAccount,
    iam: descriptor.podIdentity?.policy,
    placement: descriptor.placement,
    provides: descriptor.provides ?? [],
  }));
  defaultRegistry.register(definition);
  return definition;
}
