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
import { table } from './table';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** The environment with every built-in module. */
const FULL_ENVIRONMENT = 'prod';
const scratch = mkdtempSync(join(tmpdir(), 'bench-'));

interface Measurement {
  readonly name: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly peakRssMiB: number;
}

function measure(name: string, command: string, args: string[]): Measurement {
  const times: number[] = [];
  const rss: number[] = [];
  const rssFile = join(scratch, 'rss');
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, {
      env: { ...process.env, CHECKPOINT_DISABLE: '1', BENCH_RSS_FILE: rssFile, CDKTF_OUTDIR: join(scratch, 'out'), NODE_OPTIONS: `-r ${join(__dirname, 'rss-probe.js')}` },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr.toString()}`);
    rss.push(Number(readFileSync(rssFile, 'utf8')) / 1024);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { name, medianMs: sorted[Math.floor(sorted.length / 2)], minMs: sorted[0], peakRssMiB: Math.max(...rss) };
}

try {
  const node = process.execPath;
  const dist = join(__dirname, '..');
  const copies = [1, 4, 16];
  const results = [
    measure('floor (1 resource)', node, [join(dist, 'cli', 'floor.js')]),
    measure('dev', node, [join(dist, 'main.js')]),
    ...copies.map((n) => measure(`full x${n} in one app`, node, [join(dist, 'cli', 'bench-app.js'), '--env', FULL_ENVIRONMENT, '--copies', String(n)])),
    measure('npm run synth (with build)', 'npm', ['run', '--silent', 'synth']),
  ];
  const floor = results[0];
  const one = results.find((r) => r.name === 'full x1 in one app')!;
  console.log(`runs per row: ${RUNS}; node ${process.version}; ${process.platform}/${process.arch}`);
  console.log(
    table(
      ['CASE', 'MEDIAN', 'MIN', 'PEAK RSS', 'TIME / FLOOR', 'RSS / FLOOR'],
      results.map((r) => [r.name, `${r.medianMs.toFixed(0)} ms`, `${r.minMs.toFixed(0)} ms`, `${r.peakRssMiB.toFixed(0)} MiB`, (r.medianMs / floor.medianMs).toFixed(2), (r.peakRssMiB / floor.peakRssMiB).toFixed(2)]),
    ),
  );
  const dev = results[1];
  const sixteen = results.find((r) => r.name === 'full x16 in one app')!;
  console.log(`\ndev / floor: time ${(dev.medianMs / floor.medianMs).toFixed(2)}x (target <= 1.5), memory ${(dev.peakRssMiB / floor.peakRssMiB).toFixed(2)}x (target <= 2)`);
  console.log(`16 environments / 1: time ${(sixteen.medianMs / one.medianMs).toFixed(2)}x (target <= 4)`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
