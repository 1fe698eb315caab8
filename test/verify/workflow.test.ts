import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
const workflow = parse(readFileSync('.github/workflows/plan.yml', 'utf8')) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
const steps = workflow.jobs.plan.steps;
const stepUsing = (action: string) => steps.find((s) => s.uses?.startsWith(`${action}@`));
const indexOfRun = (pattern: RegExp) => steps.findIndex((s) => s.run !== undefined && pattern.test(s.run));
// GitHub runs `run:` scripts with `bash -e -o pipefail`.
const bash = (script: string, cwd: string, env: Record<string, string> = {}) => spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });

describe('.github/workflows/plan.yml', () => {
  test('runs on pull requests with an OIDC token and read-only contents', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  test("runs the README's commands in order, on Node 20 with the npm cache", () => {
    expect(stepUsing('actions/checkout')).toBeDefined();
    expect(stepUsing('actions/setup-node')?.with).toEqual({ 'node-version': 20, cache: 'npm' });
    const order = ['npm ci', 'npm test', 'npm run synth', 'npm run check', 'npm run validate'].map((command) => steps.findIndex((s) => s.run === command));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const script of ['test', 'synth', 'check', 'validate']) expect(scripts[script]).toBeDefined();
  });

  test('the replacement guard diffs against the base branch, fails on a block and always fills the job summary', () => {
    expect(stepUsing('actions/checkout')?.with).toEqual({ 'fetch-depth': 0 });
    const guard = steps.find((s) => s.name === 'Replacement guard against the base branch')!;
    expect(guard.env).toEqual({ BASE_REF: '${{ github.base_ref }}' });
    expect(indexOfRun(/npm run --silent diff -- --base "origin\/\$BASE_REF"/)).toBeGreaterThan(indexOfRun(/^npm run validate$/));
    const dir = mkdtempSync(join(tmpdir(), 'guard-step-'));
    try {
      mkdirSync(join(dir, 'bin'));
      // A stand-in npm that prints a table and reports a blocked change, as `npm run diff` would.
      writeFileSync(join(dir, 'bin', 'npm'), '#!/usr/bin/env bash\necho "prod-cluster: 1 to replace"\necho "1 blocked change(s)."\nexit 1\n', { mode: 0o755 });
      const summary = join(dir, 'summary.md');
      const run = bash(guard.run!, dir, { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, BASE_REF: 'main', GITHUB_STEP_SUMMARY: summary });
      expect(run.status).toBe(1);
      expect(readFileSync(summary, 'utf8')).toBe('### npm run diff -- --base origin/main\n```\nprod-cluster: 1 to replace\n1 blocked change(s).\n```\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('sets up the Terraform version of .terraform-version', () => {
    const setup = stepUsing('hashicorp/setup-terraform')!;
    expect(setup.with?.terraform_version).toBe('${{ steps.terraform-version.outputs.version }}');
    expect(steps.find((s) => s.name === 'Read .terraform-version')?.run).toContain('.terraform-version');
  });

  test('init and validate every stack; plan only with OIDC credentials; say so when skipped', () => {
    const init = indexOfRun(/terraform -chdir="cdktf\.out\/stacks\/\$stack" init -input=false/);
    expect(steps[init].run).toMatch(/terraform -chdir="cdktf\.out\/stacks\/\$stack" validate/);
    expect(steps[init].if).toBeUndefined();
    const plan = indexOfRun(/terraform -chdir="cdktf\.out\/stacks\/\$stack" plan -input=false -no-color -out=tfplan/);
    expect(plan).toBeGreaterThan(init);
    expect(steps[plan].if).toBe("steps.mode.outputs.mode == 'plan'");
    expect(steps[plan].run).toMatch(/terraform -chdir="cdktf\.out\/stacks\/\$stack" show -no-color tfplan \| tail -n \d+/);
    expect(steps[plan].run).toContain('$GITHUB_STEP_SUMMARY');
    const credentials = stepUsing('aws-actions/configure-aws-credentials')!;
    expect(credentials.if).toBe("steps.mode.outputs.mode == 'plan'");
    expect(credentials.with?.['role-to-assume']).toBe('${{ vars.AWS_PLAN_ROLE_ARN }}');
    expect(steps.indexOf(credentials)).toBeLessThan(plan);
    const skipped = steps.find((s) => s.if === "steps.mode.outputs.mode != 'plan'")!;
    expect(skipped.run).toMatch(/plan skipped/);
  });

  test('checkov runs after npm run check, pinned, over a copy it can parse; our check decides and fills the job summary', () => {
    const scan = steps.find((s) => s.name === 'checkov over the synthesized JSON, reconciled with our rules')!;
    const python = stepUsing('actions/setup-python')!;
    expect(steps.indexOf(python)).toBeGreaterThan(indexOfRun(/^npm run check$/));
    expect(steps.indexOf(scan)).toBeGreaterThan(steps.indexOf(python));
    expect(scan.env?.CHECKOV_VERSION).toMatch(/^3\.\d+\.\d+$/);
    expect(scan.run).toContain('checkov --directory checkov-input --framework terraform_json -o cli -o json --output-file-path console,checkov-report.json --compact --soft-fail');

    const dir = mkdtempSync(join(tmpdir(), 'checkov-step-'));
    try {
      mkdirSync(join(dir, 'bin'));
      const stack = { '//': { metadata: { stackName: 'dev-cluster' } }, terraform: { required_version: '>= 1.5.0', backend: { local: {} } }, moved: [{ from: 'aws_iam_role.a', to: 'aws_iam_role.b' }], provider: { aws: [{ region: 'eu-west-1' }] }, resource: { aws_kms_key: { key: { enable_key_rotation: true } } }, output: { arn: { value: '${aws_kms_key.key.arn}' } } };
      for (const name of ['dev-network', 'dev-cluster']) {
        mkdirSync(join(dir, 'cdktf.out', 'stacks', name), { recursive: true });
        writeFileSync(join(dir, 'cdktf.out', 'stacks', name, 'cdk.tf.json'), JSON.stringify(stack));
      }
      // Stand-ins: pip and checkov record their arguments; checkov writes the report its flags name
      // (or crashes, exit 2, writing none); npm reports as `npm run check -- --checkov` would.
      writeFileSync(join(dir, 'bin', 'pip'), '#!/usr/bin/env bash\necho "$@" > pip.args\n', { mode: 0o755 });
      writeFileSync(join(dir, 'bin', 'checkov'), '#!/usr/bin/env bash\necho "$@" > checkov.args\nif [[ -n "$CRASH" ]]; then echo "Traceback (most recent call last)" >&2; exit 2; fi\necho "{}" > checkov-report.json\n', { mode: 0o755 });
      writeFileSync(join(dir, 'bin', 'npm'), '#!/usr/bin/env bash\necho "$@" > npm.args\nif [[ ! -f checkov-report.json ]]; then echo "error: --checkov checkov-report.json: no such file" >&2; exit 2; fi\necho "dev-cluster: 1 finding(s); checkov: 10 passed, 1 failed"\necho "  CKV_AWS_338 aws_cloudwatch_log_group.x: ..."\nexit 1\n', { mode: 0o755 });
      const run = (extra: Record<string, string> = {}) => {
        rmSync(join(dir, 'summary.md'), { force: true });
        return bash(scan.run!, dir, { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, CHECKOV_VERSION: '3.3.13', GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), ...extra });
      };

      const findings = run();
      expect(findings.status).toBe(1);
      expect(readFileSync(join(dir, 'pip.args'), 'utf8')).toBe('install --disable-pip-version-check --quiet checkov==3.3.13\n');
      expect(readFileSync(join(dir, 'npm.args'), 'utf8')).toBe('run --silent check -- --checkov checkov-report.json\n');
      expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toBe('### checkov 3.3.13, reconciled: npm run check -- --checkov checkov-report.json\n```\ndev-cluster: 1 finding(s); checkov: 10 passed, 1 failed\n  CKV_AWS_338 aws_cloudwatch_log_group.x: ...\n```\n');
      // checkov reads every stack, without the blocks its parser cannot walk (terraform's string, moved).
      for (const name of ['dev-network', 'dev-cluster']) expect(JSON.parse(readFileSync(join(dir, 'checkov-input', name, 'cdk.tf.json'), 'utf8'))).toEqual({ resource: stack.resource, provider: stack.provider, output: stack.output });

      const crash = run({ CRASH: '1' });
      expect(crash.status).toBe(2);
      expect(crash.stdout).toContain('checkov exited 2; with --soft-fail only a crash does');
      expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('error: --checkov checkov-report.json: no such file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every run script is valid bash', () => {
    for (const step of steps.filter((s) => s.run)) expect({ step: step.name ?? step.run, stderr: bash(`set -n\n${step.run!}`, '.').stderr }).toEqual({ step: step.name ?? step.run, stderr: '' });
  });

  test('the mode is plan only with the role variable set and a PR from this repository', () => {
    const script = steps.find((s) => s.name?.startsWith('Choose mode'))!.run!;
    const dir = mkdtempSync(join(tmpdir(), 'mode-'));
    const modeWith = (role: string, sameRepo: string) => {
      writeFileSync(join(dir, 'out'), '');
      bash(script, dir, { PLAN_ROLE: role, SAME_REPO: sameRepo, GITHUB_OUTPUT: join(dir, 'out') });
      return readFileSync(join(dir, 'out'), 'utf8').trim();
    };
    expect(modeWith('arn:aws:iam::123456789012:role/plan', 'true')).toBe('mode=plan');
    expect(modeWith('', 'true')).toBe('mode=validate-only');
    expect(modeWith('arn:aws:iam::123456789012:role/plan', 'false')).toBe('mode=validate-only');
    rmSync(dir, { recursive: true, force: true });
  });

  test('stacks are taken in deploy order, the platform stack only when it exists', () => {
    const script = steps.find((s) => s.name?.startsWith('Stacks in deploy order'))!.run!;
    const dir = mkdtempSync(join(tmpdir(), 'stacks-'));
    const stacksFor = (names: string[]) => {
      rmSync(join(dir, 'cdktf.out'), { recursive: true, force: true });
      for (const name of names) {
        mkdirSync(join(dir, 'cdktf.out', 'stacks', name), { recursive: true });
        writeFileSync(join(dir, 'cdktf.out', 'stacks', name, 'cdk.tf.json'), '{}');
      }
      writeFileSync(join(dir, 'out'), '');
      const result = bash(script, dir, { GITHUB_OUTPUT: join(dir, 'out') });
      return { status: result.status, output: readFileSync(join(dir, 'out'), 'utf8').trim() };
    };
    expect(stacksFor(['dev-platform', 'dev-cluster', 'dev-network'])).toEqual({ status: 0, output: 'stacks=dev-network dev-cluster dev-platform' });
    expect(stacksFor(['dev-cluster', 'dev-network'])).toEqual({ status: 0, output: 'stacks=dev-network dev-cluster' });
    expect(stacksFor([]).status).not.toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
