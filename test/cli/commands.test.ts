import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCommand } from '../../cli/bench';
import { checkCommand } from '../../cli/check';
import { diffCommand } from '../../cli/diff';
import { teardownCommand } from '../../cli/teardown';
import { exportCommand } from '../../cli/export';
import { EXIT, progressReporter } from '../../cli/program';
import { registryCommand } from '../../cli/registry';
import { validateCommand } from '../../cli/validate';
import { synthCommand } from '../../cli/synth';
import { runCli } from '../support/cli';

const COMMANDS = [
  ['synth', () => synthCommand()],
  ['check', () => checkCommand()],
  ['validate', () => validateCommand()],
  ['registry', () => registryCommand()],
  ['bench', () => benchCommand()],
  ['diff', () => diffCommand()],
  ['teardown', () => teardownCommand()],
  ['export', () => exportCommand()],
] as const;

describe('every command says what it does', () => {
  test.each(COMMANDS)('%s --help: usage, examples, exit codes; nothing runs', async (name, make) => {
    const run = await runCli(make(), ['--help']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(new RegExp(`^Usage: npm run ${name} -- `));
    expect(run.stdout).toContain('\nExamples:\n');
    expect(run.stdout).toContain('\nExit codes:\n');
    expect(run.stderr).toBe('');
  });

  test.each(COMMANDS)('%s --version', async (_name, make) => {
    expect((await runCli(make(), ['--version'])).stdout).toMatch(/^eks-platform-cdktf \d+\.\d+\.\d+ /);
  });

  /** What each command requires, so the unknown option is what fails. */
  const REQUIRED: Record<string, string[]> = { diff: ['--base', 'HEAD'], teardown: ['--env', 'dev'], export: ['--env', 'dev', '--out', '/tmp/never-written'] };

  test.each(COMMANDS)('%s rejects an unknown option with exit 2', async (name, make) => {
    const run = await runCli(make(), [...(REQUIRED[name] ?? []), '--frobnicate']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/^error: unknown option '--frobnicate'/);
  });

  test('check on a folder with no stacks says to synthesize first (usage, exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'empty-out-'));
    try {
      const run = await runCli(checkCommand(), ['--dir', dir]);
      expect(run).toEqual({ code: EXIT.usage, stdout: '', stderr: `error: ${join(dir, 'stacks')} does not exist; run \`npm run synth\` first (or give --dir: a synthesized output or an export)\n` });
      expect((await runCli(validateCommand(), ['--dir', dir])).code).toBe(EXIT.usage);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('check and validate accept a directory npm run export wrote, as they accept cdktf.out', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'exported-')), 'out');
    try {
      expect((await runCli(exportCommand(), ['--env', 'dev', '--out', dir])).code).toBe(EXIT.ok);
      const checked = await runCli(checkCommand(), ['--dir', dir]);
      expect(checked.stdout).toBe(['dev-network', 'dev-cluster', 'dev-platform'].map((stack) => `${stack}: passes 16 rules\n`).join(''));
      expect(checked.code).toBe(EXIT.ok);
      const validated = await runCli(validateCommand(), ['--dir', dir]);
      expect(validated.stdout).toMatch(/^dev-network: valid \(\d+ resources/);
      expect(validated.stdout).toMatch(/\n3 stack\(s\) valid offline validation in \d+ ms\n$/);
      expect(validated.code).toBe(EXIT.ok);
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });

  test('bench --runs takes a whole number', async () => {
    const run = await runCli(benchCommand(), ['--runs', 'many']);
    expect(run).toEqual({ code: EXIT.usage, stdout: '', stderr: 'error: --runs expects a whole number of at least 1, got "many"\n' });
  });
});

describe('progress', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream };
  };

  test('shows on a terminal, one line overwriting the last', () => {
    const tty = stream(true);
    const saved = process.env.CI;
    delete process.env.CI;
    try {
      progressReporter(tty.stream)('building dev (1/2)');
    } finally {
      if (saved !== undefined) process.env.CI = saved;
    }
    expect(tty.written).toEqual(['\r\x1b[2Kbuilding dev (1/2)']);
  });

  test('stays silent in pipes and logs', () => {
    const pipe = stream(false);
    progressReporter(pipe.stream)('building dev (1/2)');
    expect(pipe.written).toEqual([]);
  });
});
