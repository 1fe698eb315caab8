// `npm run day-two`: every input of every registry module changed alone on an existing environment,
// and what the second `terraform apply` would do (cli/day-two/), written to docs/day-two.md.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultRegistry, didYouMean, type ModuleRegistry } from '../modules';
import { DayTwoMatrix, matrixInputs, type MatrixRow } from './day-two/matrix';
import { countOutcomes, DOC_PATH, renderMatrix } from './day-two/render';
import { collect, createCommand, endProgress, EXIT, interruptible, onRun, Option, progressReporter, UsageError } from './program';
import { table } from './table';

interface DayTwoOptions {
  write?: boolean;
  check?: boolean;
  module?: string[];
}

/** Runs the matrix over `modules` (every module when absent), in registry order. */
export async function runMatrix(options: { registry?: ModuleRegistry; root?: string; modules?: readonly string[]; progress?: (message: string) => void; checkpoint?: () => Promise<void> } = {}): Promise<MatrixRow[]> {
  const registry = options.registry ?? defaultRegistry;
  const inputs = matrixInputs(registry).filter((input) => !options.modules || options.modules.includes(input.module));
  const matrix = new DayTwoMatrix({ registry, root: options.root });
  try {
    const rows: MatrixRow[] = [];
    for (const [index, input] of inputs.entries()) {
      options.progress?.(`${index + 1}/${inputs.length} ${input.module}.${input.path}`);
      rows.push(await matrix.row(input.module, input.path));
      await options.checkpoint?.();
    }
    return rows;
  } finally {
    matrix.dispose();
  }
}

export function dayTwoCommand(root = process.cwd()) {
  const command = createCommand({
    usageName: 'npm run day-two --',
    summary: 'Changes every input of every module alone on an existing environment and reports what the second `terraform apply` would do.',
    details: [
      `Each input gets a valid alternative value on the shipped spec that has its module (full first); both versions are synthesized in-process and compared as \`npm run diff\` compares them. Each row is classified: no change, in place, moved, creates/deletes only, rolling replacement, replaces stateless, replaces/deletes stateful (blocked by npm run diff), refused at synth, or skipped (with the reason).`,
      `--write writes the tables to ${DOC_PATH}; --check exits 1 when that file is not what the modules produce now. Without either, prints the summary and one line per input. Takes a couple of minutes (one synthesis per input).`,
    ].join('\n\n'),
    examples: [
      ['npm run day-two -- --write', `regenerate ${DOC_PATH}`],
      ['npm run day-two -- --check', `fail when ${DOC_PATH} is stale (CI)`],
      ['npm run day-two -- --module vpc --module eks', 'only these modules, printed'],
    ],
  })
    .addOption(new Option('--write', `write ${DOC_PATH}`).conflicts('check'))
    .addOption(new Option('--check', `exit 1 when ${DOC_PATH} is stale`))
    .addOption(new Option('-m, --module <name>', 'only this module (printed, not written); repeat for several').argParser(collect).conflicts(['write', 'check']));
  return onRun<DayTwoOptions>(command, async (options) => {
    for (const name of options.module ?? []) if (!defaultRegistry.has(name)) throw new UsageError(`--module "${name}" is not a registered module${didYouMean(name, defaultRegistry.names())}`);
    const progress = progressReporter();
    const interrupt = interruptible();
    const started = Date.now();
    let rows: MatrixRow[];
    try {
      rows = await runMatrix({ root, modules: options.module, progress, checkpoint: interrupt.checkpoint });
    } finally {
      endProgress();
      interrupt.dispose();
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const document = renderMatrix(rows, defaultRegistry);
    const path = join(root, DOC_PATH);
    if (options.check) {
      const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
      if (current === document) {
        console.log(`${DOC_PATH} is up to date (${rows.length} inputs, ${seconds} s)`);
        return EXIT.ok;
      }
      const wanted = document.split('\n');
      const line = current.split('\n').findIndex((text, i) => text !== wanted[i]);
      console.log(`${DOC_PATH} is stale${current ? ` (first difference at line ${line + 1})` : ' (missing)'}; run npm run day-two -- --write`);
      return EXIT.problems;
    }
    if (options.write) {
      mkdirSync(dirname(path), { recursive: true });
      // Written beside and renamed over: an interrupted run never leaves half a file.
      writeFileSync(`${path}.tmp`, document);
      renameSync(`${path}.tmp`, path);
      console.log(`wrote ${DOC_PATH}: ${rows.length} inputs in ${seconds} s`);
      return EXIT.ok;
    }
    console.log(table(['module', 'input', 'outcome'], rows.map((r) => [r.module, r.path, r.outcome])));
    console.log('');
    console.log(table(['outcome', 'inputs'], countOutcomes(rows).map(([outcome, count]) => [outcome, String(count)])));
    console.error(`${rows.length} inputs in ${seconds} s`);
    return EXIT.ok;
  });
}
