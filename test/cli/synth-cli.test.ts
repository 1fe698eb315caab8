import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { synthCommand } from '../../cli/synth';
import { EXIT } from '../../cli/program';
import { runCli } from '../support/cli';

/** A project root with the shipped specs and an empty output folder, per test. */
let root: string;
let outdir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'synth-cli-'));
  cpSync(join('stacks', 'environments'), join(root, 'stacks', 'environments'), { recursive: true });
  outdir = join(root, 'cdktf.out');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const synth = (argv: string[], env: NodeJS.ProcessEnv = {}) => runCli(synthCommand({ CDKTF_OUTDIR: outdir, ...env }, root), argv, { CDKTF_OUTDIR: outdir, ...env });
const stacksWritten = () => (existsSync(join(outdir, 'stacks')) ? readdirSync(join(outdir, 'stacks')).sort() : []);

describe('npm run synth: every way of naming an environment does what it says, or refuses', () => {
  test('`npm run synth --env prod` (npm kept --env): refused with the right command, nothing written', async () => {
    // What npm 11 hands the script: the value as a stray argument and npm_config_env set.
    const run = await synth(['prod'], { npm_lifecycle_event: 'synth', npm_config_env: 'true' });
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toBe('error: npm took --env for itself (npm\'s own options come before "--"); write: npm run synth -- --env ...\n');
    expect(stacksWritten()).toEqual([]);
  });

  test('npm settings it exports empty (npm 11: npm_config_yes="") are not options it kept', async () => {
    const run = await synth(['--env', 'prod'], { npm_lifecycle_event: 'synth', npm_config_yes: '', npm_config_all: '' });
    expect(run.code).toBe(EXIT.ok);
    expect(stacksWritten()).toEqual(['prod-cluster', 'prod-network', 'prod-platform']);
  });

  test.each([
    ['-e prod', ['-e', 'prod']],
    ['--env prod', ['--env', 'prod']],
    ['--env=prod', ['--env=prod']],
    ['prod (as an argument)', ['prod']],
  ])('%s synthesizes prod, not dev', async (_form, argv) => {
    const run = await synth(argv);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toBe(`synthesized prod-network, prod-cluster, prod-platform into cdktf.out\n`);
    expect(stacksWritten()).toEqual(['prod-cluster', 'prod-network', 'prod-platform']);
  });

  test('--environment: unknown option, with the closest valid one', async () => {
    const run = await synth(['--environment', 'prod']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain("error: unknown option '--environment' (did you mean --env?)");
    expect(stacksWritten()).toEqual([]);
  });

  test('a bare --env: missing value', async () => {
    const run = await synth(['--env']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain("error: option '-e, --env <name>' argument missing");
    expect(stacksWritten()).toEqual([]);
  });

  test('--help prints usage, examples and exit codes, and synthesizes nothing', async () => {
    const run = await synth(['--help']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^Usage: npm run synth -- \[options\] \[environments\.\.\.\]/);
    expect(run.stdout).toContain('Examples:\n  npm run synth\n');
    expect(run.stdout).toContain('Exit codes:\n  0    success');
    expect(stacksWritten()).toEqual([]);
  });

  test('--version names the project and the cdktf and provider versions', async () => {
    const run = await synth(['--version']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toBe('eks-platform-cdktf 0.1.0 (cdktf 0.21.0, @cdktf/provider-aws 21.22.1)\n');
  });

  test.each(['../../outside', '/etc/passwd', 'dev.yaml', 'Dev', 'my env'])('--env %s is not a name: usage error, no file read', async (name) => {
    writeFileSync(join(root, 'outside.yaml'), 'region: eu-west-1\n');
    const run = await synth(['--env', name]);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(new RegExp(`^error: "${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" is not an environment name: environments are the files stacks/environments/<name>\\.yaml`));
    expect(stacksWritten()).toEqual([]);
  });

  test('an unknown environment suggests the closest', async () => {
    const run = await synth(['--env', 'prd']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toBe('error: no such environment "prd" (no file stacks/environments/prd.yaml) (did you mean "prod"?); environments: dev, full, prod\n');
  });

  test('a spec file whose name cannot be a stack id is a spec error with --all, and nothing is written', async () => {
    cpSync(join(root, 'stacks', 'environments', 'dev.yaml'), join(root, 'stacks', 'environments', 'my env.yaml'));
    const run = await synth(['--all']);
    expect(run.code).toBe(EXIT.problems);
    expect(run.stderr).toBe('stacks/environments/my env.yaml: the file name "my env" cannot name an environment (it prefixes stack ids, state keys and workspaces): use lower-case letters, digits and dashes, starting with a letter, e.g. "my-env.yaml"\n');
    expect(stacksWritten()).toEqual([]);
  });

  test('PLATFORM_ENV picks the environment when none is named (the cdktf CLI path)', async () => {
    const run = await synth([], { PLATFORM_ENV: 'prod' });
    expect(run.code).toBe(EXIT.ok);
    expect(stacksWritten()).toEqual(['prod-cluster', 'prod-network', 'prod-platform']);
  });

  test('a spec error exits 1 with file and field, and leaves the previous output as it was', async () => {
    expect((await synth(['dev'])).code).toBe(EXIT.ok);
    const before = readFileSync(join(outdir, 'stacks', 'dev-network', 'cdk.tf.json'), 'utf8');
    const spec = join(root, 'stacks', 'environments', 'dev.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('cidr: 10.0.0.0/16', 'cidr: 10.0.0.0/33'));
    const run = await synth(['dev']);
    expect(run.code).toBe(EXIT.problems);
    expect(run.stderr).toContain('stacks/environments/dev.yaml: vpc.cidr: ');
    expect(readFileSync(join(outdir, 'stacks', 'dev-network', 'cdk.tf.json'), 'utf8')).toBe(before);
  });
});

describe('synthesis needs Node only', () => {
  test('prod (whose cluster stack has moved blocks) synthesizes with no terraform on PATH, and each stack says which Terraform it needs', async () => {
    // cdktf would run `terraform version` for stacks with moved blocks, and fail without Terraform.
    const path = process.env.PATH;
    process.env.PATH = dirname(process.execPath) === '/usr/local/bin' ? '/nonexistent' : dirname(process.execPath);
    try {
      const run = await synth(['prod']);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: EXIT.ok, stderr: '' });
    } finally {
      process.env.PATH = path;
    }
    const required = (stack: string) => (JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { terraform: { required_version: string } }).terraform.required_version;
    expect(readFileSync(join(outdir, 'stacks', 'prod-cluster', 'cdk.tf.json'), 'utf8')).toContain('"moved"');
    // S3-native locking (use_lockfile) needs Terraform 1.10; the local backend only moved blocks' 1.5.
    expect(['prod-network', 'prod-cluster', 'prod-platform'].map(required)).toEqual(['>= 1.10.0', '>= 1.10.0', '>= 1.10.0']);
  });
});

describe('one environment at a time', () => {
  test("synthesizing prod keeps dev's stacks, and the manifest lists both in deploy order", async () => {
    await synth(['dev']);
    const devNetwork = readFileSync(join(outdir, 'stacks', 'dev-network', 'cdk.tf.json'), 'utf8');
    await synth(['prod']);
    expect(stacksWritten()).toEqual(['dev-cluster', 'dev-network', 'dev-platform', 'prod-cluster', 'prod-network', 'prod-platform']);
    expect(readFileSync(join(outdir, 'stacks', 'dev-network', 'cdk.tf.json'), 'utf8')).toBe(devNetwork);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
    expect(Object.keys(manifest.stacks)).toEqual(['dev-network', 'dev-cluster', 'dev-platform', 'prod-network', 'prod-cluster', 'prod-platform']);
    expect(manifest.stacks['prod-platform'].dependencies).toEqual(['prod-cluster']);
  });

  test('--all removes the stacks of environments that no longer have a spec', async () => {
    cpSync(join(root, 'stacks', 'environments', 'dev.yaml'), join(root, 'stacks', 'environments', 'qa.yaml'));
    await synth(['qa']);
    rmSync(join(root, 'stacks', 'environments', 'qa.yaml'));
    await synth(['--all']);
    expect(stacksWritten()).toEqual(['dev-cluster', 'dev-network', 'dev-platform', 'full-cluster', 'full-network', 'full-platform', 'prod-cluster', 'prod-network', 'prod-platform']);
  });

  test('a tier an environment no longer has is removed with the next synth of that environment', async () => {
    await synth(['dev']);
    const spec = join(root, 'stacks', 'environments', 'dev.yaml');
    const text = readFileSync(spec, 'utf8');
    // Every platform module removed: storage-classes and karpenter are the last sections of dev.yaml.
    const withoutPlatform = text.slice(0, text.indexOf('\nkarpenter:')).replace(/^storage-classes:.*\n/m, '');
    writeFileSync(spec, `${withoutPlatform}\n`);
    const run = await synth(['dev']);
    expect(run.code).toBe(EXIT.ok);
    expect(stacksWritten()).toEqual(['dev-cluster', 'dev-network']);
  });
});
