// `npm run fuzz`: generated and mutated environment specs through the whole pipeline (parse,
// synthesize, validate, check). Cases come from cli/fuzz/: mutations of the shipped specs' parsed
// objects and raw YAML text, and specs generated from the registry's JSON Schema. Each case is a
// pure function of (seed, index), so any one reproduces with --seed and --case.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommand, endProgress, EXIT, interruptible, onRun, Option, positiveInteger, progressReporter, UsageError } from './program';
import { CASE_KINDS, caseAt, randomSeed, SCHEDULE } from './fuzz/cases';
import { runCase, type CaseResult } from './fuzz/oracle';
import { runPool, serveWorker } from './fuzz/pool';
import { addResult, formatReport, newTally, reproduce } from './fuzz/tally';

interface FuzzOptions {
  runs: number;
  seed?: number;
  case?: number;
  workers: number;
  json?: boolean;
  caseTimeout: number;
  worker?: boolean;
}

/** A whole number from 0 (seeds and case indexes start at 0). */
function wholeNumber(name: string, max = 0x7fffffff): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) > max) throw new UsageError(`${name} expects a whole number from 0 to ${max}, got "${value}"`);
    return Number(value);
  };
}

const WORKER_FLAG = '--worker';

export function fuzzCommand() {
  const command = createCommand({
    usageName: 'npm run fuzz --',
    summary: 'Fuzzes environment specs through parse, synthesis, `npm run validate` and `npm run check`, and reports what no spec may do.',
    details: [
      `Cases (${CASE_KINDS.length} kinds, every one in any ${SCHEDULE.length} consecutive cases): mutations of the parsed dev and prod specs (wrong types, ranges, CIDRs, unknown and removed modules and fields); mutations of their raw YAML (bytes, lines, indentation, tabs, tags, anchors, alias bombs, merge keys, several documents, huge scalars, deep nesting, BOM, CRLF, NUL); and specs generated from the registry's JSON Schema (node groups, Fargate profiles, pod-identity roles, NodePools, add-ons, environment fields).`,
      'Every case must either be rejected with a spec error whose every line names the file and a field path (or a YAML problem), leaving the previous output untouched, or synthesize, replacing only its own stacks, into stacks with no validation error (npm run validate). Policy findings (npm run check) are counted as the waiver the spec would need, not as failures. Anything else (another error, a bad line, a changed output, a validation error, a crash or a hang) is a failure.',
    ].join('\n\n'),
    examples: [
      ['npm run fuzz', '1,000 cases with a random seed (printed first), 2 worker processes'],
      ['npm run fuzz -- --runs 10000 --workers 4', 'a longer run on a bigger machine'],
      ['npm run fuzz -- --seed 123456789 --runs 1000', 'repeat a run exactly'],
      ['npm run fuzz -- --seed 123456789 --case 417 > case.yaml', 'one case: its YAML on stdout, what happened on stderr'],
      ['npm run fuzz -- --runs 200 --json', 'counts and failures as JSON, for tools'],
    ],
  })
    .addOption(new Option('-n, --runs <n>', 'how many cases').default(1000).argParser(positiveInteger('--runs')))
    .addOption(new Option('-s, --seed <n>', 'seed of the run (0 to 2147483647)').default(undefined, 'random, printed first').argParser(wholeNumber('--seed')))
    .addOption(new Option('-c, --case <index>', "run one case (needs --seed): print its YAML (stdout) and outcome (stderr)").argParser(wholeNumber('--case')))
    .addOption(new Option('-w, --workers <n>', 'worker processes').default(2).argParser(positiveInteger('--workers')))
    .addOption(new Option('--case-timeout <seconds>', 'a case with no result after this long fails as a hang').default(120).argParser(positiveInteger('--case-timeout')))
    .addOption(new Option('--json', 'print the report as JSON'))
    .addOption(new Option(WORKER_FLAG, 'internal: run cases sent by a parent process').hideHelp());

  return onRun<FuzzOptions>(command, async (options) => {
    if (options.worker) return serveWorker();
    if (options.case !== undefined) {
      if (options.seed === undefined) throw new UsageError('--case needs the --seed of the run it is from (the first line of that run)');
      return runOne(options.seed, options.case, Boolean(options.json));
    }
    const seed = options.seed ?? randomSeed();
    const headline = `seed ${seed} (reproduce: npm run fuzz -- --seed ${seed} --runs ${options.runs})`;
    if (options.json) console.error(headline);
    else console.log(headline);

    const tally = newTally();
    const progress = progressReporter();
    const started = Date.now();
    let lastProgress = 0;
    const scratch = mkdtempSync(join(tmpdir(), 'fuzz-'));
    const interrupt = interruptible();
    try {
      await runPool({
        seed,
        indexes: Array.from({ length: options.runs }, (_, i) => i),
        workers: options.workers,
        script: __filename,
        workerArgs: [WORKER_FLAG],
        scratch,
        caseTimeoutMs: options.caseTimeout * 1000,
        checkpoint: interrupt.checkpoint,
        onResult: (result) => {
          addResult(tally, result);
          if (result.outcome === 'failed') {
            endProgress();
            console.error(`FAILED case ${result.index} (${result.kind}): ${(result.failure ?? '').split('\n')[0].slice(0, 300)}\n  reproduce: ${reproduce(seed, result.index)}`);
          }
          if (Date.now() - lastProgress > 200 || tally.cases === options.runs) {
            lastProgress = Date.now();
            const { synthesized, findings, rejected, failed } = tally.outcomes;
            progress(`case ${tally.cases}/${options.runs}: ${synthesized + findings} synthesized, ${rejected} rejected, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
          }
        },
      });
    } finally {
      endProgress();
      interrupt.dispose();
      rmSync(scratch, { recursive: true, force: true });
    }
    const elapsed = Date.now() - started;
    if (options.json) console.log(JSON.stringify({ seed, runs: options.runs, elapsedMs: elapsed, outcomes: tally.outcomes, rules: tally.rules, byKind: tally.byKind, failures: tally.failures.map((f) => ({ ...f, reproduce: reproduce(seed, f.index) })) }, null, 2));
    else for (const line of formatReport(tally, seed, elapsed)) console.log(line);
    return tally.failures.length ? EXIT.problems : EXIT.ok;
  });
}

async function runOne(seed: number, index: number, json: boolean): Promise<number> {
  const fuzzCase = caseAt(seed, index);
  const scratch = mkdtempSync(join(tmpdir(), 'fuzz-'));
  let result: CaseResult;
  try {
    result = await runCase(fuzzCase, scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (json) console.log(JSON.stringify({ ...fuzzCase, result }, null, 2));
  else {
    process.stdout.write(fuzzCase.text);
    const outcome = {
      synthesized: 'synthesized, validates, passes the policy rules',
      findings: `synthesized and validates; needs a waiver for ${(result.rules ?? []).join(', ')}`,
      rejected: 'rejected with a spec error naming the file and field paths',
      failed: `FAILED:\n${(result.failure ?? '').replace(/^/gm, '  ')}`,
    }[result.outcome];
    console.error(`\ncase ${index} of seed ${seed}: ${fuzzCase.kind} on ${fuzzCase.file}: ${fuzzCase.description}\noutcome (${result.ms} ms): ${outcome}`);
  }
  return result.outcome === 'failed' ? EXIT.problems : EXIT.ok;
}

