import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCommand } from '../../cli/bench';
import { checkCommand } from '../../cli/check';
import { diffCommand } from '../../cli/diff';
import { teardownCommand } from '../../cli/teardown';
import { EXIT, progressReporter } from '../../cli/program';
import { registryCommand } from '../../cli/registry';
import { validateCommand } from '../../cli/validate';
import { synthCommand } from '../../main';
import { runCli } from '../support/cli';

const COMMANDS = [
  ['synth', () => synthCommand()],
  ['check', () => checkCommand()],
  ['validate', () => validateCommand()],
  ['registry', () => registryCommand()],
  ['bench', () => benchCommand()],
  ['diff', () => diffCommand()],
  ['teardown', () => teardownCommand()],
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
  const REQUIRED: Record<string, string[]> = { diff: ['--base', 'HEAD'], teardown: ['--env', 'dev'] };

  test.each(COMMANDS)('%s rejects an unknown option with exit 2', async (name, make) => {
    const run = await runCli(make(), [...(REQUIRED[name] ?? []), '--frobnicate']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/^error: unknown option '--frobnicate'/);
  });

  test('check on a folder with no stacks says to synthesize first (usage, exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'empty-out-'));
    try {
      const run = await runCli(checkCommand(), ['--dir', dir]);
      expect(run).toEqual({ code: EXIT.usage, stdout: '', stderr: `error: ${join(dir, 'stacks')} does not exist; run \`npm run synth\` first (or give --dir)\n` });
      expect((await runCli(validateCommand(), ['--dir', dir])).code).toBe(EXIT.usage);
    } finally {
      rmSync(dir, { recursive: true, force: true });
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
