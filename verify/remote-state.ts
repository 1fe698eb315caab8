/** Which stack a `terraform_remote_state` data source reads, from the stacks' own backends. */
import type { TerraformJson } from './terraform-json';

type Body = Record<string, unknown>;

function backendOf(tf: TerraformJson): { type: string; config: Body } | undefined {
  const terraform = (tf.terraform ?? {}) as { backend?: Record<string, Body>; cloud?: Body };
  if (terraform.cloud) return { type: 'remote', config: terraform.cloud };
  const [type, config] = Object.entries(terraform.backend ?? {})[0] ?? [];
  return type ? { type, config: config ?? {} } : undefined;
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The stack whose state a `terraform_remote_state` reads: same backend and every config key equal. */
export function producerOf(remote: Body, id: string, stacks: Readonly<Record<string, TerraformJson>>, self: string): string | undefined {
  const config = (remote.config ?? {}) as Body;
  const matches = Object.entries(stacks).filter(([name, tf]) => {
    if (name === self) return false;
    const backend = backendOf(tf);
    return backend !== undefined && backend.type === remote.backend && Object.entries(config).every(([k, v]) => sameValue(backend.config[k], v));
  });
  if (matches.length === 1) return matches[0][0];
  // cdktf names its cross-stack lookups `cross-stack-reference-input-<producer stack>`.
  const named = id.replace(/^cross-stack-reference-input-/, '');
  return named !== id && stacks[named] ? named : undefined;
}

