import { BASE_FIELDS, errorOf, parseSpec, synthSpec, type Synthesized } from '../../support/synth';

export const ADMIN = 'arn:aws:iam::123456789012:role/platform-admins';
export const VIEWER = 'arn:aws:iam::123456789012:role/developers';

/** A VPC with an intra group for control-plane ENIs, beside the default private and public ones. */
export const VPC_WITH_INTRA = {
  subnetGroups: [
    { name: 'private', type: 'private' },
    { name: 'public', type: 'public' },
    { name: 'intra', type: 'intra' },
  ],
};

/** Synthesizes an environment with a VPC and an eks section (an admin is given unless overridden). */
export function synthEks(eks: Record<string, unknown>, options: { env?: string; vpc?: Record<string, unknown> } = {}): Synthesized {
  return synthSpec({ ...BASE_FIELDS, vpc: options.vpc ?? {}, eks: { admins: [ADMIN], ...eks } }, options.env ?? 'test');
}

/** The message a spec fails with, as the CLI prints it. */
export function rejectEks(eks: Record<string, unknown>, options: { env?: string; vpc?: Record<string, unknown>; synth?: boolean } = {}): string {
  const spec = { ...BASE_FIELDS, vpc: options.vpc ?? {}, eks: { admins: [ADMIN], ...eks } };
  return errorOf(() => (options.synth ? synthSpec(spec, options.env ?? 'prod') : parseSpec(spec, options.env ?? 'prod')));
}
