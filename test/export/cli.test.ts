/**
 * `npm run export` on our CLI library: help, usage errors, a real export of dev, and atomicity: a
 * failed export (a spec error, a stack that cannot be exported, an abort between stacks) leaves the
 * previous export byte for byte, and no staging folder.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { exportCommand } from '../../cli/export';
import { EXIT } from '../../cli/program';
import { ExportError, exportSynthesized } from '../../export';
import { defaultRegistry } from '../../modules';
import { loadEnvironment } from '../../stacks/load';
import { synthEnvironments } from '../../stacks/synth';
import { runCli } from '../support/cli';

/** Every file under a folder with a hash of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

const leftovers = (parent: string) => readdirSync(parent).filter((n) => n.includes('.staging-') || n.includes('.retired-'));

describe('npm run export', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'export-cli-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('--help explains the command, with examples and exit codes', async () => {
    const run = await runCli(exportCommand(), ['--help']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toContain('Usage: npm run export -- [options]');
    expect(run.stdout).toMatch(/--format <format>\s+hcl \(\.tf files\) or json/);
    expect(run.stdout).toContain('npm run export -- --env prod --out ../platform-terraform');
    expect(run.stdout).toContain('Exit codes:');
  });

  test.each([
    [['--env', 'dev', '--out', 'x', '--format', 'yaml'], /argument 'yaml' is invalid\. Allowed choices are hcl, json/],
    [['--env', 'dev'], /--out <dir> is required/],
    [['--env', 'prdo', '--out', 'x'], /no such environment "prdo".*did you mean "prod"/],
    [['--env', 'dev', '--out', 'x', '--fromat', 'json'], /unknown option '--fromat' \(did you mean --format\?\)/],
  ])('%j is a usage error', async (argv, message) => {
    const run = await runCli(exportCommand({}, process.cwd()), argv.map((a) => (a === 'x' ? join(scratch, 'never-written') : a)));
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: EXIT.usage, stderr: expect.stringMatching(message) });
    expect(existsSync(join(scratch, 'never-written'))).toBe(false);
  });

  describe('atomicity', () => {
    let target: string;
    let before: Record<string, string>;
    let outdir: string;

    beforeAll(async () => {
      target = join(scratch, 'out', 'platform');
      const run = await runCli(exportCommand({}, process.cwd()), ['--env', 'dev', '--out', target]);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: EXIT.ok, stderr: '' });
      expect(run.stdout).toContain('exported 3 stack(s) as HCL into');
      expect(run.stdout).toMatch(/1\. \S*dev-network\n {2}2\. \S*dev-cluster\n {2}3\. \S*dev-platform/);
      before = snapshot(target);
      outdir = join(scratch, 'cdktf.out');
      await synthEnvironments([loadEnvironment('dev', { registry: defaultRegistry })], outdir);
    }, 60_000);

    afterEach(() => {
      expect(snapshot(target)).toEqual(before);
      expect(leftovers(join(scratch, 'out'))).toEqual([]);
    });

    test('the first export wrote the three directories and nothing else', () => {
      expect(readdirSync(target).sort()).toEqual(['README.md', 'dev-cluster', 'dev-network', 'dev-platform', 'export.json']);
      expect(Object.keys(before).filter((f) => f.endsWith('.tf')).length).toBeGreaterThan(10);
    });

    test('an abort between stacks replaces nothing', async () => {
      let stacksDone = 0;
      const abort = async () => {
        if (++stacksDone === 2) throw new Error('aborted after two stacks');
      };
      await expect(exportSynthesized(outdir, target, { checkpoint: abort })).rejects.toThrow('aborted after two stacks');
    });

    test('a stack that cannot be exported replaces nothing', async () => {
      const broken = join(scratch, 'broken.out');
      cpSync(outdir, broken, { recursive: true });
      const file = join(broken, 'stacks', 'dev-platform', 'cdk.tf.json');
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), check: { health: {} } }));
      await expect(exportSynthesized(broken, target)).rejects.toThrow(ExportError);
      await expect(exportSynthesized(broken, target)).rejects.toThrow('dev-platform: cannot export top-level "check"');
    });

    test('a spec error replaces nothing (exit 1)', async () => {
      const root = join(scratch, 'project');
      mkdirSync(join(root, 'stacks', 'environments'), { recursive: true });
      writeFileSync(join(root, 'stacks', 'environments', 'broken.yaml'), 'region: eu-west-1\naccountId: "123456789012"\nvpc:\n  cidr: 10.0.0.0/33\n');
      const run = await runCli(exportCommand({}, root), ['--env', 'broken', '--out', target]);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: EXIT.problems, stderr: expect.stringContaining('stacks/environments/broken.yaml: vpc.cidr:') });
    });

    test('a folder that is not a previous export is refused (exit 2) and left alone', async () => {
      const folder = join(scratch, 'out', 'notes');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'keep.txt'), 'mine');
      const run = await runCli(exportCommand({}, process.cwd()), ['--env', 'dev', '--out', folder]);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: EXIT.usage, stderr: expect.stringContaining('is not a previous export') });
      expect(readdirSync(folder)).toEqual(['keep.txt']);
      rmSync(folder, { recursive: true });
    });

    test("a successful export replaces the previous one as a whole, keeping what `terraform init` left", async () => {
      const copy = join(scratch, 'out', 'copy');
      cpSync(target, copy, { recursive: true });
      writeFileSync(join(copy, 'dev-network', 'stale.tf'), '# left by hand\n');
      mkdirSync(join(copy, 'dev-network', '.terraform', 'providers'), { recursive: true });
      writeFileSync(join(copy, 'dev-network', '.terraform.lock.hcl'), '# lock\n');
      await exportSynthesized(outdir, copy, { format: 'json' });
      expect(existsSync(join(copy, 'dev-network', 'stale.tf'))).toBe(false);
      expect(readdirSync(join(copy, 'dev-network')).sort()).toEqual(['.terraform', '.terraform.lock.hcl', 'README.md', 'main.tf.json']);
      expect(readFileSync(join(copy, 'dev-network', '.terraform.lock.hcl'), 'utf8')).toBe('# lock\n');
      // A directory the new export drops must not take a state file with it.
      writeFileSync(join(copy, 'dev-platform', 'terraform.tfstate'), '{}');
      const kept = snapshot(copy);
      await expect(exportSynthesized(outdir, copy, { stacks: ['dev-network', 'dev-cluster'] })).rejects.toThrow(/dev-platform holds a Terraform state file/);
      expect(snapshot(copy)).toEqual(kept);
      rmSync(copy, { recursive: true });
    });
  });
});
