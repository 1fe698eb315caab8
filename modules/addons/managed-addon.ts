import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EksOutputs } from '../eks/outputs';
import { eksModule } from '../eks';
import { PodIdentityRole } from '../pod-identity/role';
import { InputProblems } from '../registry/errors';
import type { BuildContext } from '../registry/module';
import type { PolicyDocument } from '../shared/iam-policy';
import { configurationProblems } from './configuration-schema';
import { addonRoleName, type ResolveConflicts } from './inputs';
import { ADDON_VERSION_MATRIX, POD_IDENTITY_MIN_VERSION, SUPPORTED_KUBERNETES_VERSIONS, compareAddonVersions, type AddonBuild, type CoreAddonName, type KubernetesVersion } from './versions';

/** What every core add-on module gives its dependents. */
export interface AddonOutputs {
  readonly addonName: CoreAddonName;
  /** The build installed, a plain string known at synth time. */
  readonly addonVersion: string;
  readonly addonArn: string;
  /** The add-on resource, for `depends_on` (e.g. vpc-cni waits for the Pod Identity agent). */
  readonly addon: EksAddon;
  /** The IAM role the add-on's pods get through Pod Identity, for add-ons that have one. */
  readonly podIdentityRoleArn?: string;
}

/** Output descriptions shared by the add-on module definitions. */
export const ADDON_OUTPUT_DESCRIPTIONS = {
  addonVersion: 'Add-on build installed',
  addonArn: 'ARN of the EKS add-on',
} as const;

/**
 * `JSON.stringify` with object keys sorted at every level, so `configuration_values` is byte-identical
 * whatever order the code built the object in (a reordered key would otherwise show as a plan diff).
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * The build to install: the `version` override if given, else the build pinned for the cluster's
 * Kubernetes minor. Problems are thrown as InputProblems at `version` (the field that fixes them).
 */
export function resolveAddonBuild(addon: CoreAddonName, kubernetesVersion: string, override: string | undefined, context?: Pick<BuildContext, 'warn'>): AddonBuild {
  const row = (SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(kubernetesVersion) ? ADDON_VERSION_MATRIX[kubernetesVersion as KubernetesVersion] : undefined;
  const pinned = row?.[addon];
  if (override === undefined) {
    if (!pinned) {
      throw new InputProblems({
        path: ['version'],
        message: `no ${addon} build is pinned for Kubernetes ${kubernetesVersion} (pinned minors: ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}); set version to a build EKS offers for ${kubernetesVersion} (aws eks describe-addon-versions --kubernetes-version ${kubernetesVersion} --addon-name ${addon})`,
      });
    }
    return pinned;
  }
  if (pinned?.version !== override) {
    context?.warn(
      'version',
      `${override} replaces the pinned ${pinned ? pinned.version : '(none)'} for Kubernetes ${kubernetesVersion}; EKS rejects builds it does not offer for this minor (aws eks describe-addon-versions --kubernetes-version ${kubernetesVersion} --addon-name ${addon})`,
    );
  }
  const minimum = POD_IDENTITY_MIN_VERSION[addon];
  return { version: override, supportsPodIdentity: minimum !== undefined && compareAddonVersions(override, minimum) >= 0 };
}

/** Inputs every core add-on module has after defaults (see `commonAddonShape`). */
export interface CommonAddonInputs {
  readonly version?: string;
  readonly resolveConflictsOnUpdate: ResolveConflicts;
  readonly preserveOnDelete: boolean;
  readonly podIdentityRoleName?: string;
}

/**
 * Before compute: nodes wait for the add-on (networking and credentials must be there when the first
 * node joins, or it starts with the wrong max-pods). After compute: the add-on waits for nodes (its
 * Deployment has nowhere to run before, and EKS reports the add-on degraded until it does).
 */
export type ComputeOrder = 'before-compute' | 'after-compute';

export interface CoreAddonSpec {
  readonly name: CoreAddonName;
  readonly inputs: CommonAddonInputs;
  readonly order: ComputeOrder;
  /** Written to `configuration_values` as JSON with sorted keys. @default none (EKS defaults) */
  readonly configuration?: Record<string, unknown>;
  /** The add-on's own IAM, through a Pod Identity association the add-on owns. @default none */
  readonly podIdentity?: { readonly namespace: string; readonly serviceAccount: string; readonly policy: PolicyDocument };
  /** More resources the add-on waits for. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** The module input a configuration path comes from, for problems the configuration schema finds. @default the module itself */
  inputPathOf?(configurationPath: readonly (string | number)[]): readonly (string | number)[] | undefined;
}

/**
 * One EKS managed add-on, built the same way for every core add-on: a pinned build, conflicts
 * resolved explicitly, configuration as stable JSON and, where the add-on calls AWS APIs, an IAM role
 * through Pod Identity.
 *
 * The role reaches the add-on through `aws_eks_addon.pod_identity_association`, not a separate
 * `aws_eks_pod_identity_association`: EKS then creates the association as part of CreateAddon, before
 * the add-on's pods exist. The Pod Identity webhook only injects credentials into pods created after
 * an association exists, so with a separate resource Terraform may create the add-on first, and its
 * pods (aws-node, ebs-csi-controller) would start without credentials (falling back to the node role,
 * or failing) until restarted. The add-on also owns the association, so EKS removes it with the add-on.
 */
export class ManagedAddon extends Construct {
  readonly addon: EksAddon;
  readonly role?: PodIdentityRole;
  readonly build: AddonBuild;
  readonly addonName: CoreAddonName;

  constructor(scope: Construct, id: string, eks: EksOutputs, spec: CoreAddonSpec, context?: Pick<BuildContext, 'warn'>) {
    super(scope, id);
    this.addonName = spec.name;
    this.build = resolveAddonBuild(spec.name, eks.kubernetesVersion, spec.inputs.version, context);
    if (spec.configuration) {
      const problems = configurationProblems(spec.name, this.build.version, spec.configuration);
      if (problems.length) throw new InputProblems(problems.map((p) => ({ path: spec.inputPathOf?.(p.path) ?? [], message: p.message })));
    }

    if (spec.podIdentity) {
      if (!this.build.supportsPodIdentity) {
        const minimum = POD_IDENTITY_MIN_VERSION[spec.name];
        throw new InputProblems(
          minimum
            ? { path: ['version'], message: `${spec.name} ${this.build.version} does not support EKS Pod Identity (first build with it: ${minimum}), which this module uses for its IAM; set version to ${minimum} or later` }
            : { path: [], message: `no ${spec.name} build supports EKS Pod Identity; give it no Pod Identity role` },
        );
      }
      const roleName = addonRoleName(eks.clusterName, spec.name, spec.inputs.podIdentityRoleName);
      this.role = new PodIdentityRole(this, 'pod-identity-role', {
        clusterName: eks.clusterName,
        clusterArn: eks.clusterArn,
        namespace: spec.podIdentity.namespace,
        serviceAccount: spec.podIdentity.serviceAccount,
        roleName,
        policy: spec.podIdentity.policy,
        description: `EKS add-on ${spec.name} (${spec.podIdentity.namespace}/${spec.podIdentity.serviceAccount}) on cluster ${eks.clusterName}`,
        createAssociation: false,
      });
    }

    const dependsOn: ITerraformDependable[] = [
      // The cluster name is a plain string, so without this the add-on would not wait for the cluster.
      eks.cluster,
      ...(spec.order === 'after-compute' ? eks.computeResources : []),
      ...(spec.dependsOn ?? []),
      // The policy must be attached before EKS hands the role to the add-on's pods.
      ...(this.role ? [this.role.rolePolicy] : []),
    ];
    this.addon = new EksAddon(this, 'addon', {
      clusterName: eks.clusterName,
      addonName: spec.name,
      addonVersion: this.build.version,
      // Adopts what EKS installed itself at cluster creation (self-managed vpc-cni, coredns, kube-proxy).
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: spec.inputs.resolveConflictsOnUpdate,
      preserve: spec.inputs.preserveOnDelete,
      configurationValues: spec.configuration ? stableJson(spec.configuration) : undefined,
      podIdentityAssociation: this.role && spec.podIdentity ? [{ roleArn: this.role.roleArn, serviceAccount: spec.podIdentity.serviceAccount }] : undefined,
      dependsOn,
    });
    if (spec.order === 'before-compute') eks.addComputeDependency(this.addon);
  }

  outputs(): AddonOutputs {
    return {
      addonName: this.addonName,
      addonVersion: this.build.version,
      addonArn: this.addon.arn,
      addon: this.addon,
      podIdentityRoleArn: this.role?.roleArn,
    };
  }
}

/** Builds a core add-on module's resources under `scope`; the common body of their `build`. */
/**
 * Add-ons that run only on EC2 nodes, per the "Compatible compute types" column of
 * https://docs.aws.amazon.com/eks/latest/userguide/workloads-add-ons-available-eks.html; EKS Auto
 * Mode has each built in (for the agent: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html).
 */
const EC2_NODE_ADDONS: ReadonlySet<CoreAddonName> = new Set(['vpc-cni', 'kube-proxy', 'aws-ebs-csi-driver', 'eks-pod-identity-agent']);

export function buildCoreAddon(scope: Construct, context: BuildContext, spec: CoreAddonSpec): AddonOutputs {
  const eks = context.dependency(eksModule);
  if (eks.computeMode === 'auto' && spec.name === 'aws-ebs-csi-driver') {
    // Even beside node groups: Auto Mode's driver (ebs.csi.eks.amazonaws.com) and its default
    // StorageClass would stand next to the add-on's, and claims would land on either.
    throw new InputProblems({ path: [], message: 'the cluster runs EKS Auto Mode, which has its own EBS CSI driver (provisioner ebs.csi.eks.amazonaws.com) and default StorageClass; a second driver would compete for the same claims, so remove the "aws-ebs-csi-driver" section' });
  }
  if (eks.computeMode === 'auto' && eks.managedNodeGroupCount === 0 && EC2_NODE_ADDONS.has(spec.name)) {
    throw new InputProblems({ path: [], message: `the cluster runs EKS Auto Mode with no managed node groups; Auto Mode has ${spec.name} built in and the add-on runs only on EC2 nodes, so remove the "${spec.name}" section (or add eks.nodeGroups)` });
  }
  return new ManagedAddon(scope, 'addon', eks, spec, context).outputs();
}
