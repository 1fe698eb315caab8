import { InputProblems } from '../registry/errors';
import { defineModule } from '../registry/module';
import { defaultRegistry } from '../registry/registry';
import { CATALOGUE_BINDINGS, isPolicyName } from './catalogue';
import { eksModule } from '../eks';
import { policyCatalogue } from './policies';
import { podIdentityInputs } from './props';
import { managedPolicyConstructId, PodIdentityRole } from './role';

export { PodIdentityRole, podIdentityTrustPolicy, POD_IDENTITY_SERVICE_PRINCIPAL, type PodIdentityRoleProps, type PodIdentityTrustOptions } from './role';
export { CATALOGUE_BINDINGS, CATALOGUE_POLICY_NAMES, type PolicyEnvironment } from './catalogue';
export { podIdentityInputs, type PodIdentityInputs, type PodIdentityRoleInput } from './props';

export interface PodIdentityRoleOutput {
  readonly policy: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleName: string;
  readonly roleArn: string;
}

export interface PodIdentityOutputs {
  /** Role ARN by "<namespace>/<serviceAccount>". */
  readonly roleArns: Record<string, string>;
  /** Every role with the service account it serves, in spec order. */
  readonly roles: readonly PodIdentityRoleOutput[];
}

/** Catalogue entries whose add-on module creates the same role and association itself. */
const OWNED_BY_ADDON_MODULE: Partial<Record<string, string>> = {
  'vpc-cni': 'vpc-cni',
  'ebs-csi-driver': 'aws-ebs-csi-driver',
  'efs-csi-driver': 'aws-efs-csi-driver',
  'aws-load-balancer-controller': 'aws-load-balancer-controller',
  'external-dns': 'external-dns',
  'cert-manager': 'cert-manager',
  'external-secrets': 'external-secrets',
  'cloudwatch-observability': 'amazon-cloudwatch-observability',
  velero: 'velero',
};

/** The construct id of a role: its name, which IAM keeps unique, so two roles never collide. */
export function roleConstructId(roleName: string): string {
  return `role:${roleName}`;
}

/** Ids in 1.x: `<namespace>-<serviceAccount>`, ambiguous (`a-b`/`c` and `a`/`b-c` collided). */
function roleConstructIdV1(role: { namespace: string; serviceAccount: string }): string {
  return `${role.namespace}-${role.serviceAccount}`;
}

export const podIdentityModule = defineModule({
  name: 'pod-identity',
  version: '2.0.0',
  description: 'IAM roles for workload service accounts through EKS Pod Identity, with least-privilege catalogue policies',
  stack: 'cluster',
  inputs: podIdentityInputs,
  outputs: { roleArns: 'IAM role ARN by "<namespace>/<serviceAccount>"' },
  dependsOn: [eksModule.name],
  build(scope, inputs, context): PodIdentityOutputs {
    const eks = context.dependency(eksModule);
    const { partition, region, accountId } = context.environment;
    const roles = inputs.roles.map((role, index): PodIdentityRoleOutput => {
      // The schema rejected unknown names already; this narrows the type.
      if (!isPolicyName(role.policy)) throw new InputProblems({ path: ['roles', index, 'policy'], message: `unknown catalogue policy "${role.policy}"` });
      const entry = policyCatalogue[role.policy];
      const namespace = role.namespace ?? entry.serviceAccount.namespace;
      const serviceAccount = role.serviceAccount ?? entry.serviceAccount.name;
      const roleName = role.roleName ?? `${eks.clusterName}-${role.policy}`;
      if (roleName.length > 64) {
        throw new InputProblems({ path: ['roles', index, 'roleName'], message: `the default role name "${roleName}" is ${roleName.length} characters, over IAM's 64; set roleName` });
      }
      const owner = OWNED_BY_ADDON_MODULE[role.policy];
      const defaultServiceAccount = role.namespace === undefined && role.serviceAccount === undefined;
      if (owner && context.has(owner) && defaultServiceAccount) {
        throw new InputProblems({ path: ['roles', index, 'policy'], message: `the ${owner} module in this environment creates this role and its Pod Identity association itself, and EKS allows one association per service account; remove this role` });
      }
      // The core add-ons are in nearly every environment: a role for them here is most likely a leftover.
      if (owner && defaultServiceAccount && (role.policy === 'vpc-cni' || role.policy === 'ebs-csi-driver')) {
        context.warn(`roles[${index}].policy`, `the ${owner} module creates this role and its association itself; list it here only if ${owner} is installed some other way (EKS allows one association per service account)`);
      }
      const policy = CATALOGUE_BINDINGS[role.policy].build(role.options, { partition, region, accountId, clusterName: eks.clusterName });
      // Keyed by the role name: reordering roles, or moving one to another namespace or service
      // account, keeps the role (its trust policy is updated in place, the association replaced).
      const construct = new PodIdentityRole(scope, roleConstructId(roleName), {
        clusterName: eks.clusterName,
        clusterArn: eks.clusterArn,
        namespace,
        serviceAccount,
        roleName,
        policy,
        managedPolicyArns: role.managedPolicyArns,
        description: `${entry.description.split(':')[0]} (${namespace}/${serviceAccount}) on cluster ${eks.clusterName}`,
      });
      return { policy: role.policy, namespace, serviceAccount, roleName, roleArn: construct.roleArn };
    });
    return { roles, roleArns: Object.fromEntries(roles.map((role) => [`${role.namespace}/${role.serviceAccount}`, role.roleArn])) };
  },
  migrations: [
    {
      fromMajor: 1,
      summary:
        'roles are keyed by role name instead of "<namespace>-<serviceAccount>", and managed policy attachments by policy ARN instead of list position; every resource is kept with moved blocks, nothing is replaced',
      moved: (inputs, outputs) => {
        const v1Ids = outputs.roles.map(roleConstructIdV1);
        return outputs.roles.flatMap((role, index) => {
          const from = v1Ids[index];
          // Two roles sharing a 1.x id could never have been applied: nothing to move.
          if (v1Ids.indexOf(from) !== v1Ids.lastIndexOf(from)) return [];
          const to = roleConstructId(role.roleName);
          const children = ['role', 'policy', 'association'].map((child) => ({ from: [from, child], to: [to, child] }));
          const attachments = inputs.roles[index].managedPolicyArns.map((arn, position) => ({ from: [from, `managed-policy-${position}`], to: [to, managedPolicyConstructId(arn)] }));
          return [...children, ...attachments];
        });
      },
    },
  ],
});

defaultRegistry.register(podIdentityModule);
