import { z } from 'zod';
import { InputProblems } from '../registry/errors';
import { POD_IDENTITY_MIN_VERSION, compareAddonVersions, type CoreAddonName } from './versions';

/** How EKS resolves a field our configuration sets that someone changed in the cluster. */
export const RESOLVE_CONFLICTS = ['PRESERVE', 'OVERWRITE', 'NONE'] as const;
export type ResolveConflicts = (typeof RESOLVE_CONFLICTS)[number];

/** An EKS add-on build exactly as `aws eks describe-addon-versions` lists it. */
export const ADDON_BUILD = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

export const addonVersion = z
  .string()
  .regex(ADDON_BUILD, { error: (issue) => `expected an EKS add-on build such as "v1.19.2-eksbuild.1" (vX.Y.Z-eksbuild.N, as aws eks describe-addon-versions lists them), got ${JSON.stringify(issue.input)}` });

/** An IAM role name (the same characters IAM allows, at most 64). */
export const iamRoleName = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, { error: (issue) => `expected an IAM role name (1-64 letters, digits and +=,.@_-), got ${JSON.stringify(issue.input)}` });

/** Inputs every core add-on module takes. */
export const commonAddonShape = {
  version: addonVersion
    .optional()
    .describe('Add-on build to install instead of the pinned one, e.g. "v1.19.2-eksbuild.1". @default the build pinned for the cluster\'s Kubernetes minor in modules/addons/versions.ts'),
  resolveConflictsOnUpdate: z
    .enum(RESOLVE_CONFLICTS)
    .default('PRESERVE')
    .describe('What an update does to fields changed in the cluster since: PRESERVE keeps them, OVERWRITE resets them to ours, NONE fails the update. (On create it is always OVERWRITE, replacing the self-managed copy EKS installs.) @default "PRESERVE"'),
  preserveOnDelete: z
    .boolean()
    .default(true)
    .describe('Keep the add-on\'s Kubernetes objects when the add-on resource is destroyed, so removing it from Terraform does not take down cluster networking or DNS. @default true'),
};

/** Inputs of the add-ons (EKS and Helm) that get AWS credentials through EKS Pod Identity. */
export const podIdentityAddonShape = {
  podIdentityRoleName: iamRoleName.optional().describe('Name of the add-on\'s IAM role. @default "<cluster>-<add-on>"'),
};

/** The add-on's role name: the one given, or `<cluster>-<add-on>` when that fits IAM's 64 characters. */
export function addonRoleName(clusterName: string, addon: string, given: string | undefined): string {
  const roleName = given ?? `${clusterName}-${addon}`;
  if (roleName.length > 64) throw new InputProblems({ path: ['podIdentityRoleName'], message: `the default role name "${roleName}" is ${roleName.length} characters, over IAM's 64; set podIdentityRoleName` });
  return roleName;
}

/**
 * Rejects a `version` override older than the first build that accepts a Pod Identity association,
 * for the add-ons whose IAM comes from one.
 */
export function checkPodIdentityVersion(addon: CoreAddonName, version: string | undefined, ctx: z.RefinementCtx): void {
  const minimum = POD_IDENTITY_MIN_VERSION[addon];
  if (version === undefined || !ADDON_BUILD.test(version)) return;
  if (minimum === undefined) {
    ctx.addIssue({ code: 'custom', path: ['version'], message: `${addon} does not support EKS Pod Identity, which this module uses for its IAM`, input: version });
  } else if (compareAddonVersions(version, minimum) < 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['version'],
      message: `${addon} ${version} predates EKS Pod Identity support (first build with it: ${minimum}); pick ${minimum} or later, or leave version unset for the pinned build`,
      input: version,
    });
  }
}
