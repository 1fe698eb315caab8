// Every code block of the README, in order, as a user following it would: commands run with bash in a
// copy of the project, files are written where the README says, printed output is compared with
// what the commands really print. See blocks.ts for the directives.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { defaultRegistry } from '../../modules';
import { documentedCommands, helpText } from '../../cli/readme-help';
import { registryCommand } from '../../cli/registry';
import { synthSpec } from '../support/synth';
import { readmeBlocks, type ReadmeBlock } from './blocks';
import { entriesOfScripts, runShell, sandboxProject, type ShellRun } from './sandbox';

const blocks = readmeBlocks(readFileSync('README.md', 'utf8'));

let root: string;
let previous: ShellRun | undefined;
beforeAll(() => {
  const scripts = blocks.filter((block) => block.directive.kind === 'run').flatMap((block) => [...block.content.matchAll(/\bnpm run (?:--silent )?([\w-]+)/g)].map((match) => match[1]!));
  root = sandboxProject(entriesOfScripts(scripts));
});
afterAll(() => rmSync(dirname(root), { recursive: true, force: true }));

const title = (block: ReadmeBlock) => {
  const first = block.content.split('\n').find((line) => line.trim() && !line.startsWith('#')) ?? '';
  const what = 'reason' in block.directive ? `skipped: ${block.directive.reason}` : first.slice(0, 70);
  return `README.md:${block.line} ${block.directive.kind} · ${what}`;
};

/** Lines a person reads: the sandbox's path shown as the project, no trailing blanks. */
const shown = (text: string) => text.split(root).join('.').split(dirname(root)).join('..').replace(/[ \t]+$/gm, '').trimEnd();

const onPath = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/** Command lines of a shell block: comments, blank lines and trailing `# ...` dropped. */
const commandLines = (content: string) =>
  content
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line && !line.startsWith('#'));

describe('README: every code block does what it says', () => {
  test('there are blocks, and the commands are run (not only skipped)', () => {
    expect(blocks.filter((block) => block.directive.kind === 'run').length).toBeGreaterThan(10);
  });

  test.each(blocks.map((block) => [title(block), block] as const))('%s', (_title, block) => {
    const directive = block.directive;
    switch (directive.kind) {
      case 'run': {
        if (directive.needs && !onPath(directive.needs)) {
          console.warn(`README.md:${block.line}: not run, ${directive.needs} is not on PATH`);
          return;
        }
        previous = runShell(block.content, root);
        const failed = directive.fails ? previous.code === 0 : previous.code !== 0;
        if (failed) throw new Error(`expected ${directive.fails ? 'a non-zero exit' : 'exit 0'}, got exit ${previous.code}; it printed:\n${shown(previous.output)}`);
        return;
      }
      case 'output': {
        if (!previous) throw new Error('an output block must follow a run block');
        const actual = shown(previous.output);
        if (directive.contains) {
          let from = 0;
          for (const line of block.content.trimEnd().split('\n')) {
            const at = actual.indexOf(line.trimEnd(), from);
            if (at < 0) throw new Error(`the README shows a line the command did not print (in this order):\n  ${line}\nit printed:\n${actual}`);
            from = at + line.trimEnd().length;
          }
        } else {
          expect(actual).toBe(block.content.trimEnd());
        }
        return;
      }
      case 'file':
      case 'append': {
        const path = join(root, directive.path);
        mkdirSync(dirname(path), { recursive: true });
        if (directive.kind === 'file') writeFileSync(path, block.content);
        else appendFileSync(path, block.content);
        return;
      }
      case 'spec': {
        const base = parse(readFileSync(join(root, 'stacks', 'environments', `${directive.environment}.yaml`), 'utf8')) as Record<string, unknown>;
        const fragment = parse(block.content) as Record<string, unknown>;
        const result = synthSpec({ ...base, ...fragment }, directive.environment);
        expect(Object.keys(result.stacks).length).toBeGreaterThan(0);
        return;
      }
      case 'help': {
        const command = documentedCommands(() => registryCommand(defaultRegistry)).get(directive.command);
        if (!command) throw new Error(`no documented command "${directive.command}"`);
        expect(block.content.trimEnd()).toBe(helpText(command()).trimEnd());
        return;
      }
      case 'covered-by': {
        const test = readFileSync(directive.file, 'utf8');
        for (const line of commandLines(block.content)) expect({ line, inTest: test.includes(line) }).toEqual({ line, inTest: true });
        return;
      }
      case 'skip':
        return;
    }
  });
});
