import type { TerraformJson } from '../../verify/terraform-json';
import { applyWaivers, describeWaiver, findingsOf, type Waiver } from '../../verify/waivers';

type Result = { pass: boolean; message: () => string };

/** One stack's JSON (object or text), or several stacks by name (e.g. `synthSpec(...).stacks`). */
function stacksOf(received: unknown): Record<string, TerraformJson> {
  const value = typeof received === 'string' ? (JSON.parse(received) as unknown) : received;
  if (value === null || typeof value !== 'object') throw new Error(`toPassPolicyChecks expects a stack's Terraform JSON or a record of them, got ${typeof value}`);
  const record = value as Record<string, unknown>;
  if ('resource' in record || 'terraform' in record || 'data' in record) return { stack: record as TerraformJson };
  return Object.fromEntries(Object.entries(record).map(([name, tf]) => [name, (typeof tf === 'string' ? JSON.parse(tf) : tf) as TerraformJson]));
}

export const policyCheckMatchers = {
  /**
   * The stack(s) pass every policy rule of verify/rules.ts, except findings the given waivers
   * accept. A waiver that matches nothing fails too: it is stale and would hide a future finding.
   */
  toPassPolicyChecks(received: unknown, waivers: readonly Waiver[] = []): Result {
    const outcome = applyWaivers(findingsOf(stacksOf(received)), waivers);
    const pass = outcome.unwaived.length === 0 && outcome.stale.length === 0;
    return {
      pass,
      message: () =>
        pass
          ? `expected policy findings, but every rule passes${outcome.waived.length ? ` (${outcome.waived.length} waived)` : ''}`
          : [
              ...outcome.unwaived.map((f) => `  ${f.rule} ${f.address}${f.path ? ` (${f.path})` : ''}: ${f.message}`),
              ...outcome.stale.map((w) => `  stale waiver ${describeWaiver(w)}: matches no finding`),
            ].join('\n').replace(/^/, `expected the stack(s) to pass the policy checks${waivers.length ? ` with ${waivers.length} waiver(s)` : ''}:\n`),
    };
  },
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toPassPolicyChecks(waivers?: readonly Waiver[]): R;
    }
  }
}
