import { z } from 'zod';
import { didYouMean } from '../registry/suggest';
import { CATALOGUE_BINDINGS, CATALOGUE_POLICY_NAMES, bindingOptionProblems, isPolicyName, optionTypeProblems } from './catalogue';
import { policyCatalogue } from './policies';
import { distinctItems } from '../shared/schema';

/** A Kubernetes namespace name (RFC 1123 label). */
const namespaceName = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { error: (issue) => `expected a Kubernetes namespace name (lower-case letters, digits and dashes, at most 63), got ${JSON.stringify(issue.input)}` });

/** A Kubernetes service account name (RFC 1123 subdomain). */
const serviceAccountName = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, {
    error: (issue) => `expected a Kubernetes service account name (lower-case letters, digits, dashes and dots), got ${JSON.stringify(issue.input)}`,
  });

const roleInput = z.strictObject({
  policy: z.string().describe(`Catalogue policy the role gets: ${CATALOGUE_POLICY_NAMES.join(', ')}.`),
  namespace: namespaceName.optional().describe('Namespace of the service account. @default the namespace the catalogue entry names (where the upstream chart installs)'),
  serviceAccount: serviceAccountName.optional().describe('Service account the pods run as. @default the name the catalogue entry gives (the upstream chart\'s default)'),
  roleName: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, { error: (issue) => `expected an IAM role name (1-64 letters, digits and +=,.@_-), got ${JSON.stringify(issue.input)}` })
    .optional()
    .describe('IAM role name. @default "<cluster>-<policy>"'),
  options: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('Options of the catalogue policy, e.g. hostedZoneIds for external-dns; the partition, region and account come from the environment. @default {}'),
  managedPolicyArns: distinctItems(z.string().regex(/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+$/, { error: (issue) => `expected an IAM policy ARN (arn:aws:iam::ACCOUNT:policy/NAME), got ${JSON.stringify(issue.input)}` }))
    .default([])
    .describe('Managed policies attached besides the catalogue one. @default none'),
});
export type PodIdentityRoleInput = z.output<typeof roleInput>;

export const podIdentityInputs = z
  .strictObject({
    roles: z
      .array(roleInput)
      .default([])
      .describe('One IAM role per workload service account, with a least-privilege policy from the catalogue and its Pod Identity association. @default none'),
  })
  .superRefine((inputs, ctx) => {
    const associated = new Map<string, number>();
    const roleNames = new Map<string, number>();
    inputs.roles.forEach((role, index) => {
      const at = (...path: (string | number)[]) => ['roles', index, ...path];
      if (!isPolicyName(role.policy)) {
        ctx.addIssue({
          code: 'custom',
          path: at('policy'),
          message: `unknown catalogue policy ${JSON.stringify(role.policy)}${didYouMean(role.policy, CATALOGUE_POLICY_NAMES)}; catalogue: ${CATALOGUE_POLICY_NAMES.join(', ')}`,
          input: role.policy,
        });
        return;
      }
      const binding = CATALOGUE_BINDINGS[role.policy];
      const allowed = Object.keys(binding.options).sort();
      const unknown = Object.keys(role.options).filter((name) => !allowed.includes(name));
      for (const name of unknown) {
        ctx.addIssue({
          code: 'custom',
          path: at('options', name),
          message: `unknown option${didYouMean(name, allowed)}; ${role.policy} takes ${allowed.length ? allowed.join(', ') : 'no options'}`,
          input: role.options[name],
        });
      }
      // With an unknown option the policy function is not run (it would judge options it does not take).
      const problems = unknown.length ? optionTypeProblems(binding, role.options) : bindingOptionProblems(binding, role.options);
      for (const problem of problems) ctx.addIssue({ code: 'custom', path: at('options', ...problem.path), message: problem.message, input: undefined });

      const { namespace, name } = policyCatalogue[role.policy].serviceAccount;
      const key = `${role.namespace ?? namespace}/${role.serviceAccount ?? name}`;
      const first = associated.get(key);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: at(), message: `service account ${key} is already associated by roles[${first}]; EKS allows one Pod Identity association per service account`, input: undefined });
      } else associated.set(key, index);
      const effectiveName = role.roleName ?? `<cluster>-${role.policy}`;
      const sameName = roleNames.get(effectiveName);
      if (sameName === undefined) roleNames.set(effectiveName, index);
      else if (role.roleName !== undefined) {
        ctx.addIssue({ code: 'custom', path: at('roleName'), message: `"${role.roleName}" is also the role name of roles[${sameName}]; IAM role names are unique per account`, input: role.roleName });
      } else {
        ctx.addIssue({ code: 'custom', path: at('roleName'), message: `roles[${sameName}] has the same default role name "${effectiveName}"; set roleName on one of them`, input: undefined });
      }
    });
  });
export type PodIdentityInputs = z.output<typeof podIdentityInputs>;
