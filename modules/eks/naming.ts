import { createHash } from 'node:crypto';

/**
 * `<cluster>-<suffix>`, shortened to fit an AWS name limit (IAM roles: 64 characters; cluster
 * names go up to 100). A shortened name keeps a hash of the full one, so two long cluster names
 * that share a prefix still get different names.
 */
export function boundedName(cluster: string, suffix: string, maxLength: number): string {
  const full = `${cluster}-${suffix}`;
  if (full.length <= maxLength) return full;
  const hash = createHash('sha256').update(cluster).digest('hex').slice(0, 8);
  const room = maxLength - suffix.length - hash.length - 2;
  return `${cluster.slice(0, room)}-${hash}-${suffix}`;
}

export const IAM_ROLE_NAME_MAX = 64;
export const LAUNCH_TEMPLATE_NAME_MAX = 128;
/** Terraform's `name_prefix` appends a 26-character unique suffix (a timestamp and a counter). */
export const NAME_PREFIX_SUFFIX = 26;
/** EKS node group names: 1-63 characters. */
export const NODE_GROUP_NAME_MAX = 63;

/** A construct id from an IAM ARN, stable whatever the list order: `123456789012-role-platform-admins`. */
export function principalId(arn: string): string {
  const [, , , , account, resource] = arn.split(':');
  return `${account}-${resource}`.replace(/[^A-Za-z0-9-]+/g, '-').replace(/-+$/, '');
}
