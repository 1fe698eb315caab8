import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { diffCommand } from '../../cli/diff';
import { EXIT } from '../../cli/program';
import { offerBuiltBundles } from '../../cli/built-bundles';
import { buildOnce } from '../support/build';
import { runCli } from '../support/cli';

/**
 * A clone of this repository at HEAD, with this checkout's node_modules: the user's checkout, whose
 * working tree the test edits as a user would before running `npm run diff -- --base HEAD`.
 */
let clone: string;
beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), 'diff-cli-'));
  const cloned = spawnSync('git', ['clone', '--quiet', '--local', '--no-hardlinks', resolve('.'), clone], { encoding: 'utf8' });
  if (cloned.status !== 0) throw new Error(cloned.stderr);
  symlinkSync(resolve('node_modules'), join(clone, 'node_modules'), 'dir');
  // The app bundle this checkout built, offered as a user's own earlier `npm run synth` would have
  // left it: the clone keeps it where its sources match (they do unless this checkout has edits), and
  // diff offers it on to the base's worktree. How bundles are kept is test/cli/build-inputs.test.ts.
  buildOnce();
  offerBuiltBundles('.', clone, ['main']);
});
afterAll(() => rmSync(clone, { recursive: true, force: true }));

const git = (...args: string[]) => spawnSync('git', args, { cwd: clone, encoding: 'utf8' });
const editDev = (edit: (text: string) => string) => {
  const file = join(clone, 'stacks', 'environments', 'dev.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
};

describe('npm run diff', () => {
  afterEach(() => git('checkout', '--quiet', '--', '.'));

  test('an in-place edit: a table per stack, exit 0, and the checkout left as it was', async () => {
    editDev((text) => text.replace('logRetentionDays: 30', 'logRetentionDays: 60'));
    const run = await runCli(diffCommand(clone), ['--base', 'HEAD', '--env', 'dev']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^Compared with HEAD \([0-9a-f]{7}\):\n\ndev-network: 0 to add, 0 to change, 0 to replace \(0 rolling\), 0 to destroy, 0 moved\n/);
    expect(run.stdout).toMatch(/\ndev-cluster: 0 to add, 1 to change, 0 to replace \(0 rolling\), 0 to destroy, 0 moved\n {2}~ aws_cloudwatch_log_group\.\S+\n {8}retention_in_days: 30 → 60\n/);
    expect(run.stdout).toMatch(/\nNothing blocked\.\n$/);
    expect(git('status', '--porcelain').stdout).toBe(' M stacks/environments/dev.yaml\n');
    expect(git('worktree', 'list').stdout.trim().split('\n')).toHaveLength(1);
  });

  test('a change that replaces stateful resources: blocked with the reason and the fix, exit 1; --accept lets one through', async () => {
    editDev((text) => text.replace('azCount: 3', 'azCount: 2'));
    const run = await runCli(diffCommand(clone), ['--base', 'HEAD', '--env', 'dev']);
    expect(run.code).toBe(EXIT.problems);
    expect(run.stdout).toMatch(/\nBlocked \(\d+\); fix them or pass --accept <address> for each you mean:\n/);
    expect(run.stdout).toMatch(/\n {2}dev-network aws_subnet\.vpc_subnet-\w+-\d_[0-9A-F]{8}: replaced \(cidr_block forces replacement\)\n {4}fix: subnet groups are laid out in order/);
    expect(run.stdout).toMatch(/\n {2}dev-network aws_subnet\.vpc_subnet-private-2_[0-9A-F]{8}: destroyed \(a stateful resource\)\n/);
    const json = await runCli(diffCommand(clone), ['--base', 'HEAD', '--env', 'dev', '--json', '--accept', 'dev-network/*']);
    const parsed = JSON.parse(json.stdout) as { blocked: { stack: string; accepted: boolean }[] };
    expect(json.code).toBe(parsed.blocked.every((b) => b.accepted) ? EXIT.ok : EXIT.problems);
    expect(parsed.blocked.filter((b) => b.stack === 'dev-network').every((b) => b.accepted)).toBe(true);
  });

  test('renaming a NodePool: Terraform sees a chart upgrade, but Helm would delete the old NodePool and Karpenter drain its nodes; blocked until accepted', async () => {
    editDev((text) => text.replace('    - name: default\n      capacityTypes: [spot, on-demand]', '    - name: general\n      capacityTypes: [spot, on-demand]'));
    const run = await runCli(diffCommand(clone), ['--base', 'HEAD', '--env', 'dev']);
    expect(run.code).toBe(EXIT.problems);
    expect(run.stdout).toMatch(/\ndev-platform: 0 to add, 1 to change, 0 to replace \(0 rolling\), 0 to destroy, 0 moved\n {2}~ helm_release\.karpenter_releases_nodepools_[0-9A-F]{8}\n/);
    // Long lines are wrapped at 100 columns: read them as one.
    const text = run.stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(
      /Blocked \(1\); fix them or pass --accept <address> for each you mean: dev-platform helm_release\.karpenter_releases_nodepools_[0-9A-F]{8}: deletes NodePool default in the cluster \(Helm removes what the release no longer renders; the plan shows an in-place upgrade\): Karpenter drains and terminates every node the NodePool launched/,
    );
    expect(text).toMatch(/ fix: if it is renamed, add the new one beside it and apply first, then remove NodePool default in a later change; if it should go, accept its deletion with --accept "helm_release\.karpenter_releases_nodepools_[0-9A-F]{8}" /);
    const accepted = await runCli(diffCommand(clone), ['--base', 'HEAD', '--env', 'dev', '--accept', 'helm_release.karpenter_releases_nodepools_*']);
    expect(accepted.code).toBe(EXIT.ok);
    expect(accepted.stdout.replace(/\s+/g, ' ')).toMatch(/ Accepted: dev-platform helm_release\.karpenter_releases_nodepools_[0-9A-F]{8}: deletes NodePool default in the cluster/);
  });

  test('adding a NodePool beside the old one deletes nothing: not blocked', async () => {
    editDev((text) => text.replace('  nodePools:\n', '  nodePools:\n    - name: general\n      capacityTypes: [on-demand]\n'));
    const run = await runCli(diffCommand(clone), ['--base', 'HEAD', '--env', 'dev']);
    expect(run.stdout).toMatch(/\nNothing blocked\.\n$/);
    expect(run.code).toBe(EXIT.ok);
  });

  test('a repeated diff against the same commit reads the base output it kept instead of synthesizing it again', async () => {
    const sha = git('rev-parse', 'HEAD').stdout.trim();
    await runCli(diffCommand(clone), ['--base', 'HEAD', '--env', 'dev']);
    const kept = join(clone, 'node_modules', '.cache', 'platform-diff');
    const entry = readdirSync(kept).find((name) => name.startsWith(`${sha}-`));
    expect(entry).toBeDefined();
    // An edit to the kept base shows in the next diff: it was read, not synthesized again.
    const file = join(kept, entry!, 'stacks', 'dev-cluster', 'cdk.tf.json');
    try {
      writeFileSync(file, readFileSync(file, 'utf8').replace('"retention_in_days": 30', '"retention_in_days": 7'));
      const run = await runCli(diffCommand(clone), ['--base', 'HEAD', '--env', 'dev']);
      expect(run.stdout).toMatch(/retention_in_days: 7 → 30/);
    } finally {
      rmSync(join(kept, entry!), { recursive: true, force: true });
    }
  });

  // Where /tmp is a tmpfs, the base must not be moved from it into node_modules/.cache (EXDEV).
  const otherFileSystem = existsSync('/dev/shm') && statSync('/dev/shm').dev !== statSync(resolve('node_modules')).dev;
  (otherFileSystem ? test : test.skip)('a temporary folder on another file system than node_modules still keeps the base', async () => {
    const sha = git('rev-parse', 'HEAD').stdout.trim();
    const kept = join(clone, 'node_modules', '.cache', 'platform-diff');
    for (const name of existsSync(kept) ? readdirSync(kept) : []) if (name.startsWith(`${sha}-`)) rmSync(join(kept, name), { recursive: true, force: true });
    const run = await runCli(diffCommand(clone, '/dev/shm'), ['--base', 'HEAD', '--env', 'dev']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: EXIT.ok, stderr: '' });
    expect(readdirSync(kept).some((name) => name.startsWith(`${sha}-`) && !name.includes('.partial-'))).toBe(true);
    expect(readdirSync('/dev/shm').filter((name) => name.startsWith('platform-diff-'))).toEqual([]);
  });

  test('a base that is not a commit is a usage error', async () => {
    const run = await runCli(diffCommand(clone), ['--base', 'no-such-branch']);
    expect(run).toEqual({ code: EXIT.usage, stdout: '', stderr: 'error: --base "no-such-branch" is not a commit in this repository (a branch, tag or commit, e.g. --base main)\n' });
  });

  test('--base is required', async () => {
    const run = await runCli(diffCommand(clone), []);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain("error: required option '-b, --base <ref>' not specified");
  });
});
