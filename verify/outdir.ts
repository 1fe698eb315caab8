/** Reading a synthesized output folder (cdktf.out): its stacks and their Terraform JSON. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TerraformJson } from './terraform-json';

/**
 * The stacks of an output folder in the manifest's order (deploy order: the synth writes it so);
 * the folders by name when there is no manifest.
 */
export function stackNamesIn(outdir: string): string[] {
  const manifest = join(outdir, 'manifest.json');
  if (existsSync(manifest)) return Object.keys((JSON.parse(readFileSync(manifest, 'utf8')) as { stacks?: Record<string, unknown> }).stacks ?? {});
  return readdirSync(join(outdir, 'stacks')).sort();
}

export function readStack(outdir: string, name: string): TerraformJson {
  return JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as TerraformJson;
}

/** Every stack of an output folder, by name. */
export function readStacks(outdir: string): Record<string, TerraformJson> {
  return Object.fromEntries(stackNamesIn(outdir).map((name) => [name, readStack(outdir, name)]));
}

/** The sibling folder a synth or an export is written to before it replaces anything in `outdir`. */
export function stagingDir(outdir: string): string {
  return `${resolve(outdir)}.staging-${process.pid}`;
}
