// `npm run diff -- --base <git ref>`: what the next apply would do to each resource, per stack,
// comparing the environments as the base commit synthesizes them with the working tree; refuses
// silent replacements of stateful resources, renames without moved blocks and Kubernetes jumps.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultRegistry } from '../modules';
import { environmentFile, ENVIRONMENTS_DIR, listEnvironments, loadEnvironment } from '../stacks/load';
import { synthEnvironments } from '../stacks/synth';
import { diffOutputs, movedBlock, REPLACEMENT_SOURCE, type EnvironmentDiff, type ResourceChange } from '../verify/diff';
import { readSynthesizedOutput, type SynthesizedOutput } from '../verify/chart-objects';
import { offerBuiltBundles } from './built-bundles';
import { collect, createCommand, endProgress, EXIT, lastLines, onRun, Option, progressReporter, UsageError } from './program';
import { wrap } from './table';

interface DiffOptions {
  base: string;
  env?: string[];
  accept?: string[];
  json?: boolean;
}

const WIDTH = 100;

/** `tempRoot`: where the scratch folder goes (the OS temp folder; tests put it on another file system). */
export function diffCommand(root = process.cwd(), tempRoot = tmpdir()) {
  const command = createCommand({
    usageName: 'npm run diff --',
    summary: 'Shows what the next apply would do to each resource: the environments as a base git ref synthesizes them, against the working tree.',
    details: [
      'The base is synthesized in a temporary git worktree (your checkout and cdktf.out/ are never touched), the working tree into a temporary folder. The base\'s output is kept per commit in node_modules/.cache/platform-diff/, so a repeated diff against the same base only synthesizes the working tree.',
      `Exits 1, unless --accept names them, when a stateful resource (cluster, VPC, subnets, NAT gateways, KMS keys, node groups, security groups, IAM roles, queues, log groups) would be replaced or destroyed, when a resource is renamed without a moved block (the block that keeps it is printed), when Kubernetes would jump more than one minor, or when a generated chart stops rendering an object (a NodePool, the EC2NodeClass, a ClusterIssuer), which Helm then deletes in the cluster. Create-before-destroy replacements are reported as rolling and pass. Forcing attributes come from the provider schemas (${REPLACEMENT_SOURCE}).`,
    ].join('\n\n'),
    examples: [
      ['npm run diff -- --base main', 'every environment, against the main branch'],
      ['npm run diff -- --base HEAD~1 --env prod', 'prod only, against the previous commit'],
      ['npm run diff -- --base main --accept "aws_eks_node_group.*"', 'accept node group replacements by address glob'],
      ['npm run diff -- --base origin/main --json', 'JSON for CI'],
    ],
  })
    .addOption(new Option('-b, --base <ref>', 'git ref to compare with (branch, tag, commit)').makeOptionMandatory())
    .addOption(new Option('-e, --env <name>', `an environment to compare; repeat for several (default: every spec in ${ENVIRONMENTS_DIR}/)`).argParser(collect))
    .addOption(new Option('-a, --accept <address>', 'accept a blocked change: `<type>.<name>`, `<stack>/<type>.<name>`, or a glob; repeat for several').argParser(collect))
    .addOption(new Option('--json', 'print JSON instead of the table'));
  return onRun<DiffOptions>(command, async (options) => {
    const progress = progressReporter();
    const commit = git(root, ['rev-parse', '--verify', '--quiet', `${options.base}^{commit}`]);
    if (commit.status !== 0) throw new UsageError(`--base "${options.base}" is not a commit in this repository (a branch, tag or commit, e.g. --base main)`);
    const sha = commit.stdout.trim();
    const environments = options.env ?? listEnvironments(root);
    const specs = environments.map((name) => loadEnvironment(name, { root, registry: defaultRegistry }));

    const scratch = mkdtempSync(join(tempRoot, 'platform-diff-'));
    try {
      progress(`synthesizing ${environments.join(', ')} at ${options.base} (${sha.slice(0, 7)})`);
      const base = synthesizeBase(root, sha, environments, scratch);
      progress(`synthesizing ${environments.join(', ')} in the working tree`);
      const nowOut = join(scratch, 'now');
      await synthEnvironments(specs, nowOut);
      const now = readSynthesizedOutput(nowOut);
      const wanted = (stack: string) => environments.some((env) => stack.startsWith(`${env}-`));
      const charts = { base: filterKeys(base.charts, wanted), now: filterKeys(now.charts, wanted) };
      const diff = diffOutputs(filterKeys(base.stacks, wanted), filterKeys(now.stacks, wanted), { accept: options.accept, charts });
      endProgress();
      const unaccepted = diff.blocked.filter((b) => !b.accepted);
      if (options.json) console.log(JSON.stringify({ base: options.base, commit: sha, environments, ...diff }, null, 2));
      else console.log(formatDiff(diff, `${options.base} (${sha.slice(0, 7)})`).join('\n'));
      return unaccepted.length ? EXIT.problems : EXIT.ok;
    } finally {
      endProgress();
      if (existsSync(join(scratch, 'base'))) git(root, ['worktree', 'remove', '--force', join(scratch, 'base')]);
      rmSync(scratch, { recursive: true, force: true });
    }
  });
}

function git(cwd: string, args: string[]) {
  return spawnSync('git', args, { cwd, encoding: 'utf8' });
}

function filterKeys<T>(record: Readonly<Record<string, T>>, keep: (key: string) => boolean): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => keep(key)));
}

/**
 * Builds and synthesizes the base commit in a detached worktree with this checkout's node_modules,
 * through the base's own entry point, so the base's modules are what judged it. A commit does not
 * change, so its output is kept (node_modules/.cache/platform-diff/, keyed by the commit, the
 * environments and the lock file; the newest few kept) and a repeated diff against the same base
 * only synthesizes the working tree.
 */
function synthesizeBase(root: string, sha: string, environments: readonly string[], scratch: string): SynthesizedOutput {
  const cacheRoot = join(root, 'node_modules', '.cache', 'platform-diff');
  const lock = join(root, 'package-lock.json');
  const key = createHash('sha256')
    .update(JSON.stringify([...environments].sort()))
    .update(existsSync(lock) ? readFileSync(lock) : '')
    .digest('hex')
    .slice(0, 16);
  let output = join(cacheRoot, `${sha}-${key}`);
  if (!existsSync(join(output, 'manifest.json'))) {
    // Where the cache cannot be written (a read-only node_modules), the output stays in the scratch folder.
    const writable = (() => {
      try {
        mkdirSync(cacheRoot, { recursive: true });
        return true;
      } catch {
        return false;
      }
    })();
    if (!writable) output = join(scratch, 'base-kept');
    synthesizeBaseInto(root, sha, environments, scratch, output);
  } else {
    // Marks it used: pruning keeps the most recently used entries.
    const now = new Date();
    utimesSync(output, now, now);
  }
  return readSynthesizedOutput(output);
}

/** The base's output for `environments` written to `target` (atomically), or an empty output when the base has none of them. */
function synthesizeBaseInto(root: string, sha: string, environments: readonly string[], scratch: string, target: string): void {
  const worktree = join(scratch, 'base');
  const added = git(root, ['worktree', 'add', '--detach', '--quiet', worktree, sha]);
  if (added.status !== 0) throw new UsageError(`could not check out ${sha.slice(0, 7)} in a temporary worktree: ${added.stderr.trim()}`);
  symlinkSync(join(root, 'node_modules'), join(worktree, 'node_modules'), 'dir');
  const present = environments.filter((name) => existsSync(environmentFile(name, worktree)));
  // Written beside the target, on its file system, so the final rename is atomic (a rename from the
  // OS temp folder fails with EXDEV where /tmp is a tmpfs).
  const outdir = `${target}.partial-${process.pid}`;
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  if (present.length) {
    offerBuiltBundles(root, worktree, ['main']);
    const build = spawnSync(process.execPath, ['scripts/build.mjs', 'main'], { cwd: worktree, encoding: 'utf8' });
    if (build.status !== 0) throw new UsageError(`the base ${sha.slice(0, 7)} does not build: ${lastLines(build.stderr)}`);
    // Only the commit decides the base's output (it is kept per commit): cdktf's own switches for
    // HCL output and a single target stack are not passed on.
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
    for (const name of ['SYNTH_HCL_OUTPUT', 'CDKTF_TARGET_STACK_ID', 'PLATFORM_ENV']) delete env[name];
    const synth = spawnSync(process.execPath, ['dist/main.js', ...present.flatMap((name) => ['--env', name])], { cwd: worktree, encoding: 'utf8', env });
    if (synth.status !== 0) {
      rmSync(outdir, { recursive: true, force: true });
      throw new UsageError(`the base ${sha.slice(0, 7)} does not synthesize ${present.join(', ')}: ${lastLines(synth.stderr)}`);
    }
  } else {
    mkdirSync(join(outdir, 'stacks'), { recursive: true });
    writeFileSync(join(outdir, 'manifest.json'), '{"stacks":{}}\n');
  }
  try {
    renameSync(outdir, target);
  } catch (error) {
    // Another diff stored the same base meanwhile: theirs is the same.
    rmSync(outdir, { recursive: true, force: true });
    if (!existsSync(join(target, 'manifest.json'))) throw error;
  }
  if (dirname(target) !== scratch) pruneCache(dirname(target), 8);
}

/** An entry another diff may be reading now is never pruned (it was just used). */
const PRUNE_AFTER_MS = 10 * 60_000;

/** Keeps the `keep` most recently used entries of the base cache (and any used in the last minutes). */
function pruneCache(dir: string, keep: number): void {
  const now = Date.now();
  const all = readdirSync(dir).map((name) => ({ name, time: statSync(join(dir, name)).mtimeMs }));
  // Partial outputs of interrupted diffs, once no diff can still be writing them.
  const partial = all.filter((entry) => entry.name.includes('.partial-') && now - entry.time > PRUNE_AFTER_MS);
  const kept = all.filter((entry) => !entry.name.includes('.partial-')).sort((a, b) => b.time - a.time);
  for (const entry of [...partial, ...kept.slice(keep).filter((e) => now - e.time > PRUNE_AFTER_MS)]) rmSync(join(dir, entry.name), { recursive: true, force: true });
}

const SYMBOL: Record<ResourceChange['action'], string> = { create: '+', delete: '-', update: '~', replace: '-/+', move: '->', 'no-op': ' ' };

function show(value: unknown): string {
  const text = value === undefined ? '(none)' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The table: per stack, a count line, then each change with its attributes and why it is replaced. */
export function formatDiff(diff: EnvironmentDiff, base: string): string[] {
  const lines = [`Compared with ${base}:`];
  for (const stack of diff.stacks) {
    const count = (action: ResourceChange['action']) => stack.changes.filter((c) => c.action === action).length;
    const rolling = stack.changes.filter((c) => c.action === 'replace' && c.rolling).length;
    lines.push('', `${stack.stack}: ${count('create')} to add, ${count('update')} to change, ${count('replace')} to replace (${rolling} rolling), ${count('delete')} to destroy, ${count('move')} moved`);
    for (const change of stack.changes) {
      const note = change.action === 'replace' ? (change.rolling ? '  (rolling: create before destroy)' : change.stateful ? '  (STATEFUL)' : '') : change.action === 'delete' && change.stateful ? '  (STATEFUL)' : '';
      lines.push(...wrap(`${SYMBOL[change.action].padEnd(3)} ${change.address}${note}`, WIDTH, '  ', '        '));
      if (change.movedFrom) lines.push(...wrap(`moved from ${change.movedFrom}`, WIDTH, '        '));
      if (change.cause) lines.push(...wrap(change.cause, WIDTH, '        '));
      for (const attribute of change.changes) {
        const tag = attribute.ignored ? '  (ignored: lifecycle ignore_changes)' : attribute.forces ? '  (forces replacement)' : attribute.mayForce ? `  (may force replacement: ${attribute.mayForce})` : '';
        lines.push(...wrap(`${attribute.path}: ${show(attribute.before)} → ${show(attribute.after)}${tag}`, WIDTH, '        ', '          '));
      }
    }
    if (stack.unknownTypes.length) lines.push(...wrap(`note: no replacement data for ${stack.unknownTypes.join(', ')}; their changes are shown as in place`, WIDTH, '  '));
  }
  const blocked = diff.blocked.filter((b) => !b.accepted);
  const accepted = diff.blocked.filter((b) => b.accepted);
  if (accepted.length) {
    lines.push('', 'Accepted:');
    for (const b of accepted) lines.push(...wrap(`${b.stack} ${b.address}: ${b.reason}`, WIDTH, '  ', '    '));
  }
  if (blocked.length) {
    lines.push('', `Blocked (${blocked.length}); fix them or pass --accept <address> for each you mean:`);
    for (const b of blocked) {
      lines.push(...wrap(`${b.stack} ${b.address}: ${b.reason}`, WIDTH, '  ', '    '));
      if (b.fix) lines.push(...wrap(`fix: ${b.fix}`, WIDTH, '    ', '      '));
    }
  }
  const renames = diff.stacks.flatMap((s) => s.renames.map((r) => ({ stack: s.stack, ...r })));
  if (renames.length) {
    lines.push('', 'Moved blocks that keep the renamed resources (add them to the stack, or use moveFromId in cdktf):');
    for (const rename of renames) lines.push(`# ${rename.stack}`, movedBlock(rename));
  }
  lines.push('', blocked.length ? `${blocked.length} blocked change(s).` : 'Nothing blocked.');
  return lines;
}

