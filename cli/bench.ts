// `npm run bench`: whole-process timings (median of RUNS runs) and peak RSS of
//   floor      a cdktf app with one AWS resource (the cost of cdktf + provider-aws themselves)
//   dev        the default environment, as `node dist/main.js` runs it
//   full       prod.yaml, every built-in module
//   full ×N    N copies of the full environment in one app (scaling)
//   npm run synth   end to end, the esbuild step included
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommand, EXIT, onRun, Option, positiveInteger } from './program';
import { table } from './table';
import { PlatformError } from '../modules/registry/errors';

/** The environment with every built-in module. */
const FULL_ENVIRONMENT = 'prod';

interface Measurement {
  readonly name: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly peakRssMiB: number;
}

function measure(scratch: string, runs: number, name: string, command: string, args: string[]): Measurement {
  const times: number[] = [];
  const rss: number[] = [];
  const rssFile = join(scratch, 'rss');
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, {
      env: { ...process.env, CHECKPOINT_DISABLE: '1', BENCH_RSS_FILE: rssFile, CDKTF_OUTDIR: join(scratch, 'out'), NODE_OPTIONS: `-r ${join(__dirname, 'rss-probe.js')}` },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.status !== 0) throw new PlatformError(`bench case "${name}" failed (exit ${result.status}): ${result.stderr.toString().trim().split('\n').slice(-3).join(' / ')}`);
    rss.push(Number(readFileSync(rssFile, 'utf8')) / 1024);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { name, medianMs: sorted[Math.floor(sorted.length / 2)], minMs: sorted[0], peakRssMiB: Math.max(...rss) };
}

export function benchCommand() {
  const command = createCommand({
    usageName: 'npm run bench --',
    summary: 'Times whole processes (node start to exit): median and minimum of several runs, with peak RSS.',
    details: 'Cases: a one-resource cdktf app (the floor), dev, the full environment (prod) and 4 and 16 copies of it in one app, and `npm run synth` end to end.',
    examples: [
      ['npm run bench', 'every case, 7 runs each'],
      ['npm run bench -- --runs 3 --json', 'fewer runs, JSON for tools'],
    ],
  })
    .addOption(new Option('-r, --runs <n>', 'runs per case').default(Number(process.env.BENCH_RUNS ?? 7), '7, or $BENCH_RUNS').argParser(positiveInteger('--runs')))
    .addOption(new Option('--json', 'print JSON instead of a table'));
  return onRun<{ runs: number; json?: boolean }>(command, (options) => {
    const scratch = mkdtempSync(join(tmpdir(), 'bench-'));
    try {
      const node = process.execPath;
      const dist = join(__dirname, '..');
      const copies = [1, 4, 16];
      const m = (name: string, cmd: string, args: string[]) => measure(scratch, options.runs, name, cmd, args);
      const results = [
        m('floor (1 resource)', node, [join(dist, 'cli', 'floor.js')]),
        m('dev', node, [join(dist, 'main.js')]),
        ...copies.map((n) => m(`full x${n} in one app`, node, [join(dist, 'cli', 'bench-app.js'), '--env', FULL_ENVIRONMENT, '--copies', String(n)])),
        m('npm run synth (with build)', 'npm', ['run', '--silent', 'synth']),
      ];
      if (options.json) {
        console.log(JSON.stringify({ runs: options.runs, node: process.version, results }, null, 2));
        return EXIT.ok;
      }
      const floor = results[0];
      const one = results.find((r) => r.name === 'full x1 in one app')!;
      console.log(`runs per row: ${options.runs}; node ${process.version}; ${process.platform}/${process.arch}`);
      console.log(
        table(
          ['CASE', 'MEDIAN', 'MIN', 'PEAK RSS', 'TIME / FLOOR', 'RSS / FLOOR'],
          results.map((r) => [r.name, `${r.medianMs.toFixed(0)} ms`, `${r.minMs.toFixed(0)} ms`, `${r.peakRssMiB.toFixed(0)} MiB`, (r.medianMs / floor.medianMs).toFixed(2), (r.peakRssMiB / floor.peakRssMiB).toFixed(2)]),
        ),
      );
      const dev = results[1];
      const sixteen = results.find((r) => r.name === 'full x16 in one app')!;
      console.log(`\ndev / floor: time ${(dev.medianMs / floor.medianMs).toFixed(2)}x, memory ${(dev.peakRssMiB / floor.peakRssMiB).toFixed(2)}x`);
      console.log(`16 environments / 1: time ${(sixteen.medianMs / one.medianMs).toFixed(2)}x (target <= 4)`);
      return EXIT.ok;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
}

