/**
 * Exports synthesized stacks (a cdktf output folder) as one plain Terraform directory per stack:
 * the Terraform files (HCL, or the JSON as synthesized), the assets they point at (the Karpenter
 * NodePool chart), `.terraform-version`, a README, plus `export.json` and an index README at the
 * top. Atomic: everything is written to a sibling staging folder, each HCL directory is read back
 * and compared with the synthesized JSON, and only then does the staging folder replace the
 * target; a failure leaves the previous export as it was and no staging folder behind. What
 * `terraform init` left in a previous export (`.terraform`, the lock file, a local state file) is
 * carried over.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PlatformError } from '../modules/registry/errors';
import { localChartPath } from '../verify/chart-objects';
import { producerOf } from '../verify/remote-state';
import { readStack, stagingDir } from '../verify/outdir';
import type { TerraformJson } from '../verify/terraform-json';
import { firstDifference, withoutMetadata } from './compare';
import { withJsonencodeEvaluated } from './expression';
import { EXPORT_MANIFEST, readExportedStack, type ExportManifest } from './read';
import { indexReadme, stackReadme, type ExportedStackInfo, type RemoteRead } from './readme';
import { renderStack, type RenderedFile } from './render';
import { bindingShapes } from './shapes';

export type ExportFormat = 'hcl' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['hcl', 'json'];

/** The export could not be written (nothing was replaced). */
export class ExportError extends PlatformError {}
/** The target exists and is not a previous export: refused, so `--out .` cannot wipe a folder. */
export class ExportTargetError extends PlatformError {}

export interface ExportOptions {
  /** @default 'hcl' */
  readonly format?: ExportFormat;
  /** Stacks to export, by name. @default every stack of the output folder's manifest */
  readonly stacks?: readonly string[];
  /** A `.terraform-version` file copied into every directory. @default none */
  readonly terraformVersionFile?: string;
  /** A line about each stack's environment for its README (the spec's description), by stack name. */
  readonly descriptions?: Readonly<Record<string, string>>;
  /** Progress lines. @default none */
  readonly progress?: (message: string) => void;
  /** Awaited between stacks and before the swap; throws to abort (nothing is replaced then). */
  readonly checkpoint?: () => Promise<void>;
  /** How the READMEs name the tool. @default 'npm run export' */
  readonly generatedBy?: string;
}

export interface ExportResult {
  readonly outDir: string;
  readonly format: ExportFormat;
  /** The exported stacks in apply order. */
  readonly stacks: readonly ExportedStackInfo[];
  readonly warnings: readonly string[];
}

const SYNTH_FILE = 'cdk.tf.json';
const ASSETS = 'assets';
/**
 * What `terraform init` and a default local backend leave in a directory: carried into the new
 * export (as synth does in cdktf.out), so a re-export neither forces `terraform init` nor loses
 * the lock file or a state file.
 */
const TERRAFORM_LOCAL_FILES = ['.terraform', '.terraform.lock.hcl', 'terraform.tfstate', 'terraform.tfstate.backup', 'terraform.tfstate.d'];
const STATE_FILES = TERRAFORM_LOCAL_FILES.filter((f) => f.startsWith('terraform.tfstate'));

interface SynthManifest {
  readonly stacks: Record<string, { readonly dependencies?: readonly string[] }>;
}

/** Refuses a target that holds anything but a previous export. */
export function assertReplaceable(outDir: string): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) throw new ExportTargetError(`${outDir} exists and is not a directory; give a new or empty directory, or a previous export`);
  const entries = readdirSync(outDir);
  if (entries.length && !entries.includes(EXPORT_MANIFEST)) {
    throw new ExportTargetError(`${outDir} is not empty and holds no ${EXPORT_MANIFEST}, so it is not a previous export; an export replaces its target as a whole: give a new or empty directory`);
  }
}

/** Which stack each `terraform_remote_state` reads, and which of its outputs are used. */
export function remoteReads(stacks: Readonly<Record<string, TerraformJson>>): RemoteRead[] {
  const reads: RemoteRead[] = [];
  for (const [reader, tf] of Object.entries(stacks)) {
    const text = JSON.stringify(withoutMetadata(tf));
    for (const [id, body] of Object.entries(tf.data?.terraform_remote_state ?? {})) {
      const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const outputs = [...new Set([...text.matchAll(new RegExp(`data\\.terraform_remote_state\\.${escaped}\\.outputs\\.([A-Za-z0-9_-]+)`, 'g'))].map((m) => m[1]))].sort();
      reads.push({ reader, dataSource: id, producer: producerOf(body, id, stacks, reader), outputs });
    }
  }
  return reads;
}

/** Stacks in apply order: every stack after the ones it depends on, otherwise in the given order. */
function applyOrder(names: readonly string[], dependencies: (name: string) => readonly string[]): ExportedStackInfo[] {
  const ordered: ExportedStackInfo[] = [];
  const placed = new Set<string>();
  const visit = (name: string, seen: Set<string>) => {
    if (placed.has(name) || seen.has(name)) return;
    seen.add(name);
    const dependsOn = dependencies(name).filter((d) => names.includes(d));
    for (const d of dependsOn) visit(d, seen);
    placed.add(name);
    ordered.push({ name, dependsOn });
  };
  for (const name of names) visit(name, new Set());
  return ordered;
}

/** Local paths (relative to the stack folder) that resources point at: Helm charts in assets/. */
function localPaths(tf: TerraformJson): { address: string; path: string }[] {
  const found: { address: string; path: string }[] = [];
  for (const [name, body] of Object.entries(tf.resource?.helm_release ?? {})) {
    const path = localChartPath(body);
    if (path) found.push({ address: `helm_release.${name}`, path });
  }
  return found;
}

function moveIfExists(from: string, to: string): void {
  if (existsSync(from)) renameSync(from, to);
}

/**
 * Exports stacks of a synthesized output folder (`cdktf.out`, or a temporary one) to `outDir`,
 * one directory per stack, replacing `outDir` as a whole (see the file comment).
 */
export async function exportSynthesized(synthOutdir: string, outDir: string, options: ExportOptions = {}): Promise<ExportResult> {
  const format = options.format ?? 'hcl';
  const generatedBy = options.generatedBy ?? 'npm run export';
  const target = resolve(outDir);
  const checkpoint = options.checkpoint ?? (async () => undefined);
  const manifestPath = join(synthOutdir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new ExportError(`${synthOutdir} holds no manifest.json: synthesize first`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as SynthManifest;
  const names = options.stacks ?? Object.keys(manifest.stacks);
  const unknown = names.filter((n) => !manifest.stacks[n]);
  if (unknown.length) throw new ExportError(`${synthOutdir} has no stack ${unknown.join(', ')}; it has ${Object.keys(manifest.stacks).join(', ') || 'none'}`);
  if (!names.length) throw new ExportError('nothing to export: no stacks');
  assertReplaceable(target);
  const order = applyOrder(names, (name) => manifest.stacks[name]?.dependencies ?? []);
  const stacks = Object.fromEntries(order.map(({ name }) => [name, readStack(synthOutdir, name)]));
  const reads = remoteReads(stacks);
  const terraformVersion = options.terraformVersionFile && existsSync(options.terraformVersionFile) ? readFileSync(options.terraformVersionFile, 'utf8') : undefined;
  const shapes = bindingShapes();
  const warnings: string[] = [];

  const staging = stagingDir(target);
  const retired = `${target}.retired-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    mkdirSync(staging, { recursive: true });
    for (const [index, { name }] of order.entries()) {
      options.progress?.(`exporting ${name} (${index + 1}/${order.length})`);
      const tf = stacks[name];
      const source = join(synthOutdir, 'stacks', name);
      const dir = join(staging, name);
      mkdirSync(dir, { recursive: true });
      let files: RenderedFile[];
      let omitted: ReadonlySet<string> = new Set();
      if (format === 'hcl') {
        const readersOf = (output: string) => reads.filter((r) => r.producer === name && r.outputs.includes(output)).map((r) => r.reader);
        let rendered;
        try {
          rendered = renderStack(tf, { stackName: name, shapes, readersOf });
        } catch (error) {
          throw new ExportError(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        }
        files = rendered.files;
        omitted = rendered.omittedEmptyBlocks;
        warnings.push(...rendered.warnings.map((w) => `${name}: ${w}`));
      } else {
        files = [{ name: 'main.tf.json', text: readFileSync(join(source, SYNTH_FILE), 'utf8'), holds: 'the stack as cdktf synthesized it (Terraform JSON syntax; `//` keys are comments)' }];
      }
      for (const file of files) writeFileSync(join(dir, file.name), file.text);
      const extra: { name: string; holds: string }[] = [];
      if (existsSync(join(source, ASSETS))) {
        cpSync(join(source, ASSETS), join(dir, ASSETS), { recursive: true });
        extra.push({ name: `${ASSETS}/`, holds: 'files the resources point at by relative path (the generated Karpenter NodePool chart; its folder is named by a hash of its content, so a NodePool change is a chart change)' });
      }
      for (const { address, path } of localPaths(tf)) {
        if (existsSync(join(source, path)) && !existsSync(join(dir, path))) throw new ExportError(`${name}: ${address} points at ${path}, which is outside the stack's ${ASSETS}/ folder and was not exported`);
        if (!existsSync(join(dir, path))) warnings.push(`${name}: ${address} points at ${path}, which does not exist (relative to the directory)`);
      }
      if (terraformVersion !== undefined) {
        writeFileSync(join(dir, '.terraform-version'), terraformVersion);
        extra.push({ name: '.terraform-version', holds: 'the Terraform version to use' });
      }
      const readme = stackReadme({
        stack: name,
        tf,
        format,
        order,
        reads,
        files: [...files.map(({ name: n, holds }) => ({ name: n, holds })), ...extra],
        terraformVersion: terraformVersion?.trim(),
        description: options.descriptions?.[name],
        generatedBy,
      });
      writeFileSync(join(dir, 'README.md'), readme);
      if (format === 'hcl') {
        options.progress?.(`reading ${name} back`);
        const back = await readExportedStack(dir, shapes);
        // The reader evaluates `jsonencode(<literal>)` wherever it is, so a synthesized
        // `"${jsonencode({…})}"` is compared as the JSON text it stands for.
        const difference = firstDifference(withJsonencodeEvaluated(withoutMetadata(tf, omitted)), withoutMetadata(back));
        if (difference) throw new ExportError(`${name}: the exported HCL does not read back as the synthesized JSON (${difference}); nothing was replaced. This is a bug in export/: please report it`);
      }
      await checkpoint();
    }
    const exportManifest: ExportManifest = { generatedBy, format, stacks: order.map(({ name, dependsOn }) => ({ name, dependsOn: [...dependsOn] })) };
    writeFileSync(join(staging, EXPORT_MANIFEST), `${JSON.stringify(exportManifest, null, 2)}\n`);
    writeFileSync(join(staging, 'README.md'), indexReadme(order, format, generatedBy));
    await checkpoint();

    // The swap: Terraform's local files move into the new export, the previous export steps
    // aside, the new one takes its name, the old one goes.
    const dropped = existsSync(join(target, EXPORT_MANIFEST)) ? readdirSync(target).filter((d) => !stacks[d] && STATE_FILES.some((f) => existsSync(join(target, d, f)))) : [];
    if (dropped.length) throw new ExportError(`${dropped.map((d) => join(target, d)).join(', ')} hold${dropped.length === 1 ? 's' : ''} a Terraform state file and ${dropped.length === 1 ? 'is' : 'are'} not part of this export; move the state away first (nothing was replaced)`);
    const carried: [string, string][] = [];
    for (const { name } of order) {
      for (const entry of TERRAFORM_LOCAL_FILES) {
        const from = join(target, name, entry);
        const to = join(staging, name, entry);
        if (existsSync(from) && !existsSync(to)) {
          renameSync(from, to);
          carried.push([from, to]);
        }
      }
    }
    mkdirSync(dirname(target), { recursive: true });
    rmSync(retired, { recursive: true, force: true });
    try {
      moveIfExists(target, retired);
      renameSync(staging, target);
    } catch (error) {
      moveIfExists(retired, target);
      for (const [from, to] of carried) moveIfExists(to, from);
      throw new ExportError(`could not move the export into ${relative(process.cwd(), target) || target}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { outDir: target, format, stacks: order, warnings };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(retired, { recursive: true, force: true });
  }
}
