/**
 * The cdktf CLI path users follow: `cdktf synth` for one environment, then another, then the first
 * again. The CLI lists the stack folders before running the app and deletes those the new manifest
 * does not name, so each synth must keep the other environments' stacks in the manifest.
 * (`cdktf deploy`/`destroy` take the same step, then run terraform with providers, which cannot be
 * downloaded here; they run in CI and on users' machines.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthCommand } from '../../cli/synth';
import { runCli } from '../support/cli';

const cdktf = (environment: string, outdir: string) =>
  spawnSync(process.execPath, ['node_modules/cdktf-cli/bundle/bin/cdktf', 'synth', '--output', outdir], {
    encoding: 'utf8',
    env: { ...process.env, PLATFORM_ENV: environment, CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0' },
  });

describe('cdktf synth across environments', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = join(mkdtempSync(join(tmpdir(), 'cdktf-cli-')), 'cdktf.out');
  });
  afterAll(() => rmSync(join(outdir, '..'), { recursive: true, force: true }));

  test('npm run synth (dev), then PLATFORM_ENV=prod npx cdktf synth, then PLATFORM_ENV=dev npx cdktf synth: every run succeeds and both environments stay, in deploy order', async () => {
    // The first step as a user runs it (our command, in-process); then the real cdktf CLI twice.
    const first = await runCli(synthCommand({ CDKTF_OUTDIR: outdir }), []);
    expect(first.code).toBe(0);
    for (const environment of ['prod', 'dev']) {
      const run = cdktf(environment, outdir);
      expect({ environment, status: run.status, stderr: run.status === 0 ? '' : run.stderr + run.stdout }).toEqual({ environment, status: 0, stderr: '' });
    }
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['dev-cluster', 'dev-network', 'dev-platform', 'prod-cluster', 'prod-network', 'prod-platform']);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
    expect(Object.keys(manifest.stacks)).toEqual(['dev-network', 'dev-cluster', 'dev-platform', 'prod-network', 'prod-cluster', 'prod-platform']);
    expect(manifest.stacks['dev-cluster'].dependencies).toEqual(['dev-network']);
  }, 120_000);
});
