import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { offerBuiltBundles } from '../../cli/built-bundles';
import { copyCheckout } from '../support/checkout';


/**
 * A copy of this checkout as a user would have it after `git clone` and `npm ci` (copyCheckout), built,
 * and a git repository of its own with one commit (for `--base HEAD`).
 */
export function sandboxProject(entries: readonly string[]): string {
  // Nested one level, so what the README writes beside the project (`--out ../platform-terraform`)
  // stays inside the temporary folder.
  const root = join(mkdtempSync(join(tmpdir(), 'readme-')), 'project');
  copyCheckout(root);
  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-c', 'user.name=readme', '-c', 'user.email=readme@example.com', ...args], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  };
  // The commands the README runs, bundled once in one esbuild run (cheaper than one run per command,
  // as their first `npm run` would); later commands rebuild only when the README changes a source
  // they bundle (the custom module). This checkout's bundles are offered first: the build keeps each
  // one the sandbox's sources match.
  offerBuiltBundles('.', root, entries);
  const build = spawnSync(process.execPath, ['scripts/build.mjs', ...entries], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  git('init', '--quiet');
  git('add', '--all');
  git('commit', '--quiet', '--message', 'the README sandbox');
  return root;
}

/** The environment a user's shell would give a command: none of npm's or Jest's variables. */
export function userEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|JEST_|INIT_CWD$|PLATFORM_ENV$|CDKTF_OUTDIR$)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, CHECKPOINT_DISABLE: '1', NO_COLOR: '1' };
}

export interface ShellRun {
  readonly code: number;
  /** stdout and stderr interleaved as a terminal would show them. */
  readonly output: string;
}

/** Runs a README block with bash in the sandbox, stopping at the first failing command. */
export function runShell(script: string, cwd: string): ShellRun {
  const result = spawnSync('bash', ['-c', `exec 2>&1\nset -eo pipefail\n${script}`], { cwd, env: userEnvironment(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status ?? 1, output: result.stdout };
}

/** The bundles (scripts/build.mjs entries) the npm scripts named in `scripts` run, from package.json. */
export function entriesOfScripts(scripts: Iterable<string>): string[] {
  const declared = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const entries = new Set<string>();
  for (const name of scripts) {
    const command = declared[name];
    if (command === undefined) throw new Error(`the README runs "npm run ${name}", which package.json does not declare`);
    const entry = /--run (\S+)/.exec(command)?.[1];
    if (entry) entries.add(entry);
  }
  return [...entries].sort();
}
