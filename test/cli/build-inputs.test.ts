// `npm run synth` (and every npm script) runs scripts/build.mjs first, which rebuilds a bundle only
// when something esbuild put into it changed: a user editing a spec pays for synthesis alone, and
// editing one command's sources rebuilds that command, not the app. `--stale` lists what the next
// build would rebuild, without building. A built bundle offered to another copy of the project
// (cli/built-bundles.ts: npm run diff's base worktree, the README sandbox) is kept there on the
// same terms.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

test('the lock file and the build\'s own scripts count for every bundle', () => {
  for (const file of ['package-lock.json', 'scripts/bundle-plugins.cjs', 'tsconfig.json']) {
    expect({ file, stale: withEdit(file, (path) => appendFileSync(path, '\n'), () => stale('main')) }).toEqual({ file, stale: ['main'] });
  }
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
