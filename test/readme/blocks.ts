// The README's code blocks and what the README test does with each. Every fenced block carries a
// directive in the HTML comment right before it, `<!-- test: <directive> -->`, so a block nobody
// decided how to test fails the test instead of rotting:
//
//   run                  run it with bash in the sandbox project; it must exit 0
//   run fails            run it; it must exit non-zero (an example of an error)
//   run needs <tool>     run it where <tool> is on PATH (terraform); elsewhere the test says it skipped it
//   output               what the previous `run` printed (stdout and stderr), exactly
//   output contains      every line of the block appears, in order, in what the previous `run` printed
//   file <path>          write the block to <path> in the sandbox
//   append <path>        append the block to <path> in the sandbox
//   spec <env>           a spec fragment: its top-level keys replace <env>.yaml's, and the result synthesizes
//   help <command>       generated `--help` of a command; must equal what the command prints
//   covered-by <file>    every command in the block appears verbatim in that test file, which runs it
//   skip <reason>        not run here, with the reason (e.g. it needs AWS credentials)
import MarkdownIt from 'markdown-it';

export type Directive =
  | { readonly kind: 'run'; readonly fails: boolean; readonly needs?: string }
  | { readonly kind: 'output'; readonly contains: boolean }
  | { readonly kind: 'file' | 'append'; readonly path: string }
  | { readonly kind: 'spec'; readonly environment: string }
  | { readonly kind: 'help'; readonly command: string }
  | { readonly kind: 'covered-by'; readonly file: string }
  | { readonly kind: 'skip'; readonly reason: string };

export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  readonly content: string;
  readonly directive: Directive;
}

export class ReadmeBlockError extends Error {}

const DIRECTIVE = /^<!--\s*test:\s*(.*?)\s*-->\s*$/s;

export function parseDirective(text: string, line: number): Directive {
  const [word, ...rest] = text.split(/\s+/);
  const argument = rest.join(' ');
  const needs = (what: string) => {
    if (!argument) throw new ReadmeBlockError(`README.md:${line}: "test: ${word}" needs ${what}`);
    return argument;
  };
  switch (word) {
    case 'run': {
      const needs = /^needs ([\w-]+)$/.exec(argument)?.[1];
      if (argument && argument !== 'fails' && !needs) throw new ReadmeBlockError(`README.md:${line}: "test: run" takes "fails" or "needs <tool>", got "${argument}"`);
      return { kind: 'run', fails: argument === 'fails', needs };
    }
    case 'output':
      if (argument && argument !== 'contains') throw new ReadmeBlockError(`README.md:${line}: "test: output" takes only "contains", got "${argument}"`);
      return { kind: 'output', contains: argument === 'contains' };
    case 'file':
    case 'append':
      return { kind: word, path: needs('a path') };
    case 'spec':
      return { kind: 'spec', environment: needs('an environment') };
    case 'help':
      return { kind: 'help', command: needs('a command name') };
    case 'covered-by':
      return { kind: 'covered-by', file: needs('a test file') };
    case 'skip':
      if (needs('a reason').length < 15) throw new ReadmeBlockError(`README.md:${line}: "test: skip" needs a reason a reader can check, got "${argument}"`);
      return { kind: 'skip', reason: argument };
    default:
      throw new ReadmeBlockError(`README.md:${line}: unknown directive "test: ${text}"; use run, run fails, output, output contains, file, append, spec, help, covered-by or skip`);
  }
}

/** Every fenced code block of a Markdown text with its directive; a block without one is an error. */
export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const tokens = new MarkdownIt({ html: true }).parse(markdown, {});
  const blocks: ReadmeBlock[] = [];
  const missing: number[] = [];
  tokens.forEach((token, index) => {
    if (token.type === 'code_block') throw new ReadmeBlockError(`README.md:${(token.map?.[0] ?? 0) + 1}: indented code block; fence it and give it a directive`);
    if (token.type !== 'fence') return;
    const line = (token.map?.[0] ?? 0) + 1;
    const previous = tokens[index - 1];
    const match = previous?.type === 'html_block' ? DIRECTIVE.exec(previous.content.trim().split('\n').pop() ?? '') : null;
    if (!match) {
      missing.push(line);
      return;
    }
    blocks.push({ line, lang: token.info.trim(), content: token.content, directive: parseDirective(match[1], line) });
  });
  if (missing.length) throw new ReadmeBlockError(`README.md: code blocks without a "<!-- test: ... -->" directive right before them, at lines ${missing.join(', ')}`);
  return blocks;
}
