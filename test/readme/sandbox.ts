import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * A copy of this checkout as a user would have it after `git clone` and `npm ci`: every file git
 * knows or would add (so an edited README is tested before it is committed), this checkout's
 * node_modules linked in, and a git repository of its own with one commit (for `--base HEAD`).
 */
export function sandboxProject(): string {
  // Nested one level, so what the README writes beside the project (`--out ../platform-terraform`)
  // stays inside the temporary folder.
  const root = join(mkdtempSync(join(tmpdir(), 'readme-')), 'project');
  mkdirSync(root);
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(file) || !statSync(file).isFile()) continue; // deleted in the working tree
    mkdirSync(dirname(join(root, file)), { recursive: true });
    copyFileSync(file, join(root, file));
  }
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir');
  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-c', 'user.name=readme', '-c', 'user.email=readme@example.com', ...args], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  };
  // Every command bundled once, in one esbuild run, as the first `npm run` of each would; later
  // commands rebuild only when the README changes a source (the custom module). This checkout's
  // bundles are copied first: the build script keeps each one only if the sandbox's sources hash to
  // what it was built from (the stamp is copied before the bundles, and written after them, so a
  // bundle being rewritten meanwhile is never taken for fresh).
  if (existsSync(join('dist', '.build-inputs.json'))) {
    mkdirSync(join(root, 'dist'), { recursive: true });
    copyFileSync(join('dist', '.build-inputs.json'), join(root, 'dist', '.build-inputs.json'));
    cpSync('dist', join(root, 'dist'), { recursive: true, filter: (source) => !source.endsWith('.build-inputs.json') });
  }
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
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
