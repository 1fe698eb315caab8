import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TerraformStack } from 'cdktf';
import { stringify } from 'yaml';
import { defaultRegistry, type ModuleRegistry, type SpecIssue, type StackTier } from '../../modules';
import { buildEnvironment } from '../../stacks/builder';
import { synthesisApp, writeApp } from '../../stacks/synth';
import { parseEnvironmentYaml } from '../../stacks/load';
import type { EnvironmentSpec } from '../../stacks/spec';
import type { TerraformJson } from '../matchers';

// cdktf's App creates its outdir when constructed; tests never synthesize to disk through it, so
// one scratch folder per test file is enough, removed when the file's tests end.
let scratch: string | undefined;
function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'eks-platform-test-'));
  return scratch;
}
let synthCount = 0;
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** The minimum an environment needs besides its modules. */
export const BASE_FIELDS = { region: 'eu-west-1', accountId: '123456789012', backend: { type: 'local' } } as const;

export interface Synthesized {
  readonly spec: EnvironmentSpec;
  /** Each stack's Terraform JSON (parsed), by tier. */
  readonly stacks: Partial<Record<StackTier, TerraformJson>>;
  /** Each stack's Terraform JSON text exactly as synthesized, by tier. */
  readonly text: Partial<Record<StackTier, string>>;
  readonly warnings: SpecIssue[];
}

/** Validates a spec object as if read from `stacks/environments/<name>.yaml`. */
export function parseSpec(spec: Record<string, unknown>, name = 'test', registry: ModuleRegistry = defaultRegistry): EnvironmentSpec {
  return parseEnvironmentYaml(stringify(spec), `stacks/environments/${name}.yaml`, registry);
}

/** Validates and synthesizes a spec object in memory. */
export function synthSpec(spec: Record<string, unknown>, name = 'test', registry: ModuleRegistry = defaultRegistry): Synthesized {
  return synthParsed(parseSpec(spec, name, registry));
}

/**
 * Synthesizes for real (as `npm run synth` does, metadata and all) into a scratch folder and reads
 * each stack's cdk.tf.json back. `Testing.synth` would strip the construct paths the matchers use.
 */
export function synthParsed(spec: EnvironmentSpec): Synthesized {
  const outdir = join(scratchDir(), String(++synthCount));
  // The app and the write step of stacks/synth.ts: construct validations run, cdktf's `terraform version` probe does not.
  const app = synthesisApp(outdir);
  const built = buildEnvironment(app, spec);
  writeApp(app);
  const stacks: Synthesized['stacks'] = {};
  const text: Synthesized['text'] = {};
  for (const [tier, stack] of Object.entries(built.stacks) as [StackTier, TerraformStack][]) {
    text[tier] = readFileSync(join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8');
    stacks[tier] = JSON.parse(text[tier]!) as TerraformJson;
  }
  rmSync(outdir, { recursive: true, force: true });
  return { spec, stacks, text, warnings: built.warnings };
}

/** The message of the error `fn` throws (fails the test if it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

/** A synthesis's stacks keyed by stack name (`<env>-<tier>`), as an output folder holds them. */
export function stacksByName(result: Synthesized): Record<string, TerraformJson> {
  return Object.fromEntries(Object.entries(result.stacks).map(([tier, stack]) => [`${result.spec.name}-${tier}`, stack!]));
}
