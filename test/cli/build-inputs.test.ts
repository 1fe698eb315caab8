// `npm run synth` (and every npm script) runs scripts/build.mjs first, which rebuilds a bundle only
// when something esbuild put into it changed: a user editing a spec pays for synthesis alone, and
// editing one command's sources rebuilds that command, not the app. `--stale` lists what the next
// build would rebuild, without building. A built bundle offered to another copy of the project
// (cli/built-bundles.ts: npm run diff's base worktree, the README sandbox) is kept there on the
// same terms.
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { offerBuiltBundles } from '../../cli/built-bundles';
import { buildOnce } from '../support/build';
import { copyCheckout } from '../support/checkout';

let root: string;
beforeAll(() => {
  buildOnce();
  root = join(mkdtempSync(join(tmpdir(), 'build-inputs-')), 'project');
  copyCheckout(root);
  // As npm run diff offers the checkout's bundle to the base's worktree.
  expect(offerBuiltBundles('.', root, ['main', 'cli/no-such-entry'])).toEqual(['main']);
});
afterAll(() => rmSync(dirname(root), { recursive: true, force: true }));

/** Entries the next build would rebuild. */
function stale(...entries: string[]): string[] {
  const run = spawnSync(process.execPath, ['scripts/build.mjs', '--stale', ...entries], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`build.mjs --stale failed (${run.status}): ${run.stderr}`);
  return run.stdout.split('\n').filter(Boolean);
}

/** Changes a file of the copy for one check, then puts it back. */
function withEdit<T>(file: string, edit: (path: string) => void, check: () => T): T {
  const path = join(root, file);
  const before = readFileSync(path);
  try {
    edit(path);
    return check();
  } finally {
    writeFileSync(path, before);
  }
}

test('a copy of a built checkout, offered its bundle, needs no build', () => {
  expect(stale('main')).toEqual([]);
});

test('nothing is offered from a checkout that has built nothing', () => {
  const empty = mkdtempSync(join(tmpdir(), 'build-inputs-empty-'));
  try {
    expect(offerBuiltBundles(empty, join(empty, 'to'))).toEqual([]);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('editing a spec, or rewriting the editor schema beside the specs, rebuilds nothing', () => {
  expect(withEdit('stacks/environments/dev.yaml', (path) => appendFileSync(path, '# a comment\n'), () => stale('main'))).toEqual([]);
  expect(withEdit('stacks/environments/schema.json', (path) => writeFileSync(path, '{}\n'), () => stale('main'))).toEqual([]);
});

test('editing a module the app bundles rebuilds the app; editing another command\'s source does not', () => {
  expect(withEdit('modules/vpc/index.ts', (path) => appendFileSync(path, '// edited\n'), () => stale('main'))).toEqual(['main']);
  // cli/fuzz/cases.ts is in the fuzz command's bundle, not in the app's.
  const mainInputs = (JSON.parse(readFileSync(join(root, 'dist', '.build-inputs.json'), 'utf8')) as { main: { inputs: string[] } }).main.inputs;
  expect({ inMain: mainInputs.includes('cli/fuzz/cases.ts'), alsoIn: mainInputs.includes('modules/vpc/index.ts') }).toEqual({ inMain: false, alsoIn: true });
  expect(withEdit('cli/fuzz/cases.ts', (path) => appendFileSync(path, '// edited\n'), () => stale('main'))).toEqual([]);
});

test('a new source file counts (it can change what an import resolves to); a new spec does not', () => {
  const added = join(root, 'modules', 'eks.ts');
  writeFileSync(added, 'export {};\n');
  try {
    expect(stale('main')).toEqual(['main']);
  } finally {
    rmSync(added);
  }
  writeFileSync(join(root, 'stacks', 'environments', 'extra.yaml'), 'region: eu-west-1\n');
  try {
    expect(stale('main')).toEqual([]);
  } finally {
    rmSync(join(root, 'stacks', 'environments', 'extra.yaml'));
  }
});

test('--stale lists without building wherever it is on the command line', () => {
  expect(withEdit('modules/vpc/index.ts', (path) => appendFileSync(path, '// edited\n'), () => {
    const run = spawnSync(process.execPath, ['scripts/build.mjs', 'main', '--stale'], { cwd: root, encoding: 'utf8' });
    return { status: run.status, listed: run.stdout.trim(), bundleUnchanged: readFileSync(join(root, 'dist', 'main.bundle.js')).equals(readFileSync(join('dist', 'main.bundle.js'))) };
  })).toEqual({ status: 0, listed: 'main', bundleUnchanged: true });
});

test('an unreadable stamp (another build writing it) means nothing is fresh, not a crash', () => {
  const stampFile = join(root, 'dist', '.build-inputs.json');
  expect(withEdit('dist/.build-inputs.json', () => writeFileSync(stampFile, '{"main": {"ha'), () => stale('main'))).toEqual(['main']);
});

test('the lock files (package-lock.json and the one npm ci writes in node_modules) and the build\'s own scripts count for every bundle', () => {
  // The copy's node_modules is this checkout's, linked; for this check it is a folder holding only
  // npm's hidden lock file (--stale reads no package), edited as `npm ci` would rewrite it.
  const modules = join(root, 'node_modules');
  rmSync(modules);
  mkdirSync(modules);
  copyFileSync(join('node_modules', '.package-lock.json'), join(modules, '.package-lock.json'));
  try {
    expect(stale('main')).toEqual([]);
    appendFileSync(join(modules, '.package-lock.json'), '\n');
    expect(stale('main')).toEqual(['main']);
  } finally {
    rmSync(modules, { recursive: true, force: true });
    symlinkSync(resolve('node_modules'), modules, 'dir');
  }
  for (const file of ['package-lock.json', 'scripts/bundle-plugins.cjs', 'tsconfig.json']) {
    expect({ file, stale: withEdit(file, (path) => appendFileSync(path, '\n'), () => stale('main')) }).toEqual({ file, stale: ['main'] });
  }
});

test('a source esbuild cannot bundle: its error with file and line, one line of ours, no stack trace, exit 1, the bundle and its record kept', () => {
  const before = readFileSync(join(root, 'dist', 'main.bundle.js'));
  const run = withEdit('modules/vpc/index.ts', (path) => appendFileSync(path, 'export const broken = ;\n'), () => spawnSync(process.execPath, ['scripts/build.mjs', '--run', 'main'], { cwd: root, encoding: 'utf8' }));
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/modules\/vpc\/index\.ts:\d+:\d+:/);
  expect(run.stderr).toContain('build: an error in the sources (above) kept main from being bundled; fix it and run the command again');
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stdout).toBe('');
  expect(readFileSync(join(root, 'dist', 'main.bundle.js')).equals(before)).toBe(true);
  expect(stale('main')).toEqual([]); // the source put back: the kept bundle is fresh again
});

test('an edit put back leaves the bundle fresh (content, not time, decides)', () => {
  expect(stale('main')).toEqual([]);
});

test('a bundle recorded by the old whole-tree stamp is rebuilt', () => {
  const stampFile = join(root, 'dist', '.build-inputs.json');
  const current = readFileSync(stampFile);
  writeFileSync(stampFile, JSON.stringify({ main: 'f'.repeat(64) }));
  try {
    expect(stale('main')).toEqual(['main']);
  } finally {
    writeFileSync(stampFile, current);
  }
});
