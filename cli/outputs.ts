import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isExportedDirectory, readExportedStacks } from '../export/read';
import { readStacks } from '../verify/outdir';
import type { TerraformJson } from '../verify/terraform-json';
import { UsageError } from './program';

/**
 * The stacks of what `--dir` names: a synthesized output (cdktf.out/stacks/*) or a directory
 * `npm run export` wrote (HCL or JSON, read back into the same Terraform JSON shape).
 */
export async function readAnyOutput(dir: string): Promise<Record<string, TerraformJson>> {
  if (isExportedDirectory(dir)) return readExportedStacks(dir);
  if (existsSync(join(dir, 'stacks'))) return readStacks(dir);
  throw new UsageError(`${join(dir, 'stacks')} does not exist; run \`npm run synth\` first (or give --dir: a synthesized output or an export)`);
}
