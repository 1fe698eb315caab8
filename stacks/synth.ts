import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { InternalError, SpecError, formatIssue, type SpecIssue } from '../modules/registry';
import { buildEnvironment, environmentOfStack, STACK_SUFFIXES } from './builder';
import { stagingDir } from '../verify/outdir';
import { tagProblems } from '../verify/tags';
import type { TerraformJson } from '../verify/terraform-json';
import type { EnvironmentSpec } from './spec';

export interface SynthResult {
  readonly outdir: string;
  /** The stacks written by this synth, in deploy order per environment. */
  readonly stackNames: string[];
  readonly warnings: { file: string; issue: SpecIssue }[];
}

export interface SynthOptions {
  /** Progress lines (the CLI prints them on stderr when it is a terminal). @default none */
  readonly progress?: (message: string) => void;
  /**
   * Called between phases (after each environment is built, after cdktf wrote the staging copy,
   * before the swap). It may await, which lets a pending Ctrl-C run; it throws to abort, and then
   * nothing is swapped in. @default none
   */
  readonly checkpoint?: () => Promise<void>;
  /** Remove the stacks of environments not synthesized now (`--all`: the output is then exactly the specs). @default false */
  readonly pruneOtherEnvironments?: boolean;
}


/**
 * The cdktf App environments are built in. cdktf's own validation step also runs `terraform version`
 * whenever a stack has a moved block, which fails on a machine without Terraform (synthesis must not
 * need it) and costs a process per synth; so the app skips it, writeApp runs the construct
 * validations, and the stacks carry required_version for Terraform to check where it runs.
 */
export function synthesisApp(outdir: string): App {
  return new App({ outdir, stackTraces: false, skipBackendValidation: false, skipValidation: true });
}

/** Runs every stack's construct validations, then writes the app's stacks to its outdir. */
export function writeApp(app: App): void {
  for (const stack of app.node.findAll().filter(TerraformStack.isStack)) stack.runAllValidations();
  app.synth();
}

/**
 * Synthesizes environments into `outdir`, replacing only those environments' stacks.
 *
 * The app is synthesized into a sibling staging folder first; only when that succeeded are the
 * environments' stack folders swapped in (each by one rename) and the manifest rewritten to list
 * every environment's stacks, so a failure leaves the previous output untouched, and synthesizing
 * `prod` keeps `dev`'s stacks (the cdktf CLI, which lists the stack folders before running the app
 * and deletes the ones the new manifest does not name, then finds everything where it was).
 * Terraform's per-stack `.terraform` folder and lock file are carried over, so a synth never forces
 * a new `terraform init`.
 */
export async function synthEnvironments(specs: readonly EnvironmentSpec[], outdir: string, options: SynthOptions = {}): Promise<SynthResult> {
  const target = resolve(outdir);
  const staging = stagingDir(target);
  const checkpoint = options.checkpoint ?? (async () => undefined);
  const collisions = stateCollisions(specs);
  if (collisions.length) throw collisions[0];
  rmSync(staging, { recursive: true, force: true });
  try {
    const app = synthesisApp(staging);
    const warnings: SynthResult['warnings'] = [];
    const stackNames: string[] = [];
    for (const [index, spec] of specs.entries()) {
      options.progress?.(`building ${spec.name} (${index + 1}/${specs.length})`);
      const built = buildEnvironment(app, spec);
      warnings.push(...built.warnings.map((issue) => ({ file: spec.file, issue })));
      stackNames.push(...[built.bootstrap, ...Object.values(built.stacks)].filter((stack) => stack !== undefined).map((stack) => stack.node.id));
      await checkpoint();
    }
    options.progress?.(`writing ${stackNames.length} stack(s)`);
    try {
      writeApp(app);
    } catch (error) {
      throw new InternalError(`synthesizing environment${specs.length > 1 ? 's' : ''} ${specs.map((s) => `"${s.name}"`).join(', ')}`, error);
    }
    await checkpoint();
    assertTagLimits(staging, specs);
    replaceEnvironments(target, staging, new Set(specs.map((spec) => spec.name)), options.pruneOtherEnvironments ?? false);
    return { outdir: target, stackNames, warnings };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export function formatWarnings(result: SynthResult): string[] {
  return result.warnings.map(({ file, issue }) => `warning: ${formatIssue(file, issue)}`);
}

interface ManifestStack {
  readonly name: string;
  readonly workingDirectory: string;
  readonly [key: string]: unknown;
}
interface Manifest {
  readonly version?: string;
  readonly stacks: Record<string, ManifestStack>;
}

const MANIFEST = 'manifest.json';
/** What `terraform init` leaves in a stack folder; kept across synths. */
const TERRAFORM_INIT_STATE = ['.terraform', '.terraform.lock.hcl'];

function readManifest(dir: string): Manifest | undefined {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    return parsed && typeof parsed.stacks === 'object' ? parsed : undefined;
  } catch {
    // A manifest we cannot read (hand-edited, half-written by an older tool) names nothing to keep.
    return undefined;
  }
}

/** Deploy order: environments by name, then network → cluster → platform within each. */
function deployOrder(a: string, b: string): number {
  const [envA, envB] = [environmentOfStack(a) ?? a, environmentOfStack(b) ?? b];
  if (envA !== envB) return envA < envB ? -1 : 1;
  const tier = (name: string) => STACK_SUFFIXES.findIndex((t) => name.endsWith(`-${t}`));
  return tier(a) - tier(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function replaceEnvironments(target: string, staging: string, environments: ReadonlySet<string>, prune: boolean): void {
  const fresh = readManifest(staging);
  if (!fresh) throw new InternalError('replacing the output', new Error(`cdktf wrote no ${MANIFEST} to ${staging}`));
  const previous = readManifest(target);
  const replaced = (stack: string) => {
    const environment = environmentOfStack(stack);
    return prune || (environment !== undefined && environments.has(environment));
  };

  mkdirSync(join(target, 'stacks'), { recursive: true });
  const retired = `${target}.retired-${process.pid}`;
  rmSync(retired, { recursive: true, force: true });
  mkdirSync(retired, { recursive: true });
  try {
    // Stacks of these environments that the new synth no longer has (a tier whose modules were removed).
    for (const stack of Object.keys(previous?.stacks ?? {})) {
      if (replaced(stack) && !fresh.stacks[stack]) moveIfExists(join(target, 'stacks', stack), join(retired, stack));
    }
    for (const stack of Object.keys(fresh.stacks)) {
      const from = join(staging, 'stacks', stack);
      const to = join(target, 'stacks', stack);
      for (const entry of TERRAFORM_INIT_STATE) {
        if (existsSync(join(to, entry)) && !existsSync(join(from, entry))) renameSync(join(to, entry), join(from, entry));
      }
      moveIfExists(to, join(retired, stack));
      renameSync(from, to);
    }
    const kept = Object.entries(previous?.stacks ?? {}).filter(([stack]) => !replaced(stack) && !fresh.stacks[stack] && existsSync(join(target, 'stacks', stack)));
    const stacks = Object.fromEntries([...kept, ...Object.entries(fresh.stacks)].sort(([a], [b]) => deployOrder(a, b)));
    writeAtomically(join(target, MANIFEST), `${JSON.stringify({ ...fresh, stacks }, null, 2)}\n`);
    // Anything else a previous layout left at the top level (a stray stack folder of a pruned environment).
    if (prune) for (const stack of readdirSync(join(target, 'stacks'))) if (!stacks[stack]) moveIfExists(join(target, 'stacks', stack), join(retired, stack));
  } finally {
    rmSync(retired, { recursive: true, force: true });
  }
}

function moveIfExists(from: string, to: string): void {
  if (existsSync(from)) renameSync(from, to);
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/**
 * Two stacks writing one state (the same HCP Terraform workspace, S3 object or local file) would
 * overwrite each other's resources: refused, naming both environments' files.
 */
export function stateCollisions(specs: readonly EnvironmentSpec[]): SpecError[] {
  const seen = new Map<string, { spec: EnvironmentSpec; stack: string }>();
  const problems: SpecError[] = [];
  for (const spec of specs) {
    const tiers = STACK_SUFFIXES.filter((tier) => spec.modules.some((m) => m.definition.stack === tier));
    for (const tier of tiers) {
      const stack = `${spec.name}-${tier}`;
      const location = stateLocation(spec, stack);
      const first = seen.get(location);
      if (first && first.spec !== spec) {
        problems.push(new SpecError(spec.file, [{ path: 'backend', message: `stack ${stack} would keep its state in ${location}, which stack ${first.stack} of ${first.spec.file} already uses; give one of them another workspacePrefix or keyPrefix` }]));
      } else seen.set(location, { spec, stack });
    }
  }
  return problems;
}

function stateLocation(spec: EnvironmentSpec, stack: string): string {
  const backend = spec.backend;
  switch (backend.type) {
    case 'cloud':
      return `workspace ${backend.hostname}/${backend.organization}/${backend.workspacePrefix}${stack}`;
    case 's3':
      return `s3://${backend.bucket}/${backend.keyPrefix}${spec.name}/${stack}.tfstate`;
    default:
      return `terraform.${stack}.tfstate`;
  }
}

/**
 * What each resource really gets in tags, counted on the synthesized stacks before they replace
 * anything: AWS refuses a create with more than 50 tags or a reserved key at apply, halfway through.
 */
function assertTagLimits(staging: string, specs: readonly EnvironmentSpec[]): void {
  for (const spec of specs) {
    const issues: SpecIssue[] = [];
    for (const name of readdirSync(join(staging, 'stacks')).filter((stack) => environmentOfStack(stack) === spec.name)) {
      const stack = JSON.parse(readFileSync(join(staging, 'stacks', name, 'cdk.tf.json'), 'utf8')) as TerraformJson;
      for (const problem of tagProblems(stack)) issues.push({ path: 'tags', message: `${name} ${problem.address} ${problem.message}` });
    }
    if (issues.length) throw new SpecError(spec.file, issues.slice(0, 10));
  }
}