// The pure parts of `npm run bench`: RSS aggregation over a process tree, the target verdicts and
// the README section. Timings themselves belong to the bench, never to tests.
import { profileLines, summarizeProfiles, type CpuProfile } from '../../cli/bench-profile';
import { benchCommand, BENCH_END, BENCH_START, evaluateTargets, median, parseRssReport, readmeBlock, replaceBenchBlock, withFloorRatios, type BenchReport, type Measurement } from '../../cli/bench';
import { EXIT } from '../../cli/program';
import { runCli } from '../support/cli';

describe('peak RSS over a process tree', () => {
  test('the largest process of the tree, with how many reported and which was largest', () => {
    // npm, the build script and the app each append one line (cli/rss-probe.ts).
    const report = parseRssReport('61000\t101\tnpm-cli.js\n52000\t102\tbuild.mjs\n113664\t103\tmain.js\n');
    expect(report).toEqual({ peakKiB: 113664, processes: 3, largest: 'main.js' });
  });

  test('a process written last does not win over a larger one', () => {
    expect(parseRssReport('150000\t1\tmain.js\n40000\t2\tnpm-cli.js\n').largest).toBe('main.js');
  });

  test('no line at all is an error naming the probe, not a zero', () => {
    expect(() => parseRssReport('')).toThrow('no process reported its RSS (was cli/rss-probe.js preloaded through NODE_OPTIONS?)');
  });

  test('an unreadable line is an error quoting it', () => {
    expect(() => parseRssReport('lots\t1\tmain.js\n')).toThrow('unreadable RSS report line "lots\t1\tmain.js"');
  });
});

describe('median', () => {
  test('odd and even counts, order-independent', () => {
    expect(median([300, 100, 200])).toBe(200);
    expect(median([400, 100, 300, 200])).toBe(250);
  });
});

describe('each row over its own side\'s floor', () => {
  // The floor each case is given where the bench builds it (nodeCase, peerCase, the npm and cdk rows).
  const floorOf = (id: string): Measurement['floor'] => (id.startsWith('node') ? undefined : id.startsWith('peer') ? 'peer-floor' : 'floor');
  const row = (id: string, medianMs: number): Measurement => ({ id, name: id, command: id, floor: floorOf(id), runs: 1, medianMs, minMs: medianMs, maxMs: medianMs, timesMs: [medianMs], peakRssMiB: 1, processes: 1, largestProcess: 'x' });
  test('ours over the cdktf floor, the peer\'s over the AWS CDK floor, floors 1x, Node start rows none', () => {
    const ratios = withFloorRatios([row('node', 80), row('node-without-extra-ca', 30), row('floor', 100), row('peer-floor', 250), row('prod', 350), row('peer', 1250), row('peer-cdk-synth', 2500), row('dev', 300)]);
    expect(Object.fromEntries(ratios.map((r) => [r.id, r.floorRatio]))).toEqual({ node: undefined, 'node-without-extra-ca': undefined, floor: 1, 'peer-floor': 1, prod: 3.5, peer: 5, 'peer-cdk-synth': 10, dev: 3 });
  });
  test('without a floor measured (the peer skipped), no ratio rather than a wrong one', () => {
    expect(withFloorRatios([row('floor', 100), row('peer', 1250)]).map((r) => r.floorRatio)).toEqual([1, undefined]);
  });
});

describe('targets', () => {
  const measured = { prodMs: 500, peerMs: 2500, npmSynthMs: 999, fullOneMs: 1000, fullSixteenMs: 4000, prodEndToEndMs: 700, cdkSynthMs: 2000, prodRssMiB: 133, peerRssMiB: 133 };

  test('PASS at or under each limit (npm run synth strictly under 1000 ms)', () => {
    const targets = evaluateTargets(measured);
    expect(targets.map((t) => [t.id, t.verdict, t.value])).toEqual([
      ['prod-vs-peer', 'PASS', 0.2],
      ['npm-run-synth', 'PASS', 999],
      ['scaling', 'PASS', 4],
      ['end-to-end-vs-cdk', 'PASS', 0.35],
      ['memory-vs-peer', 'PASS', 1],
    ]);
    expect(targets[0].line).toBe('PASS    prod synth / AWS CDK peer synth: 0.20x (target <= 0.25x; medians 500 ms / 2500 ms, paired runs)');
  });

  test('MISS over a limit; exactly 1000 ms misses the synth target', () => {
    const targets = evaluateTargets({ ...measured, prodMs: 1000, npmSynthMs: 1000, fullSixteenMs: 4100, prodEndToEndMs: 710, prodRssMiB: 134 });
    expect(targets.map((t) => t.verdict)).toEqual(['MISS', 'MISS', 'MISS', 'MISS', 'MISS']);
    expect(targets[3].line).toBe("MISS    `npm run synth -- --env prod` / the peer's `cdk synth -q`: 0.35x (target <= 0.35x; medians 710 ms / 2000 ms, paired runs)");
    expect(targets[4].line).toBe("MISS    prod peak memory / the peer app's: 1.01x (target <= 1.00x; peak RSS 134 MiB / 133 MiB, paired runs)");
    expect(targets[1].line).toBe('MISS    `npm run synth` end to end, build cache warm: 1000 ms (target < 1000 ms; median)');
  });

  test('a failed `cdk synth -q` skips only the end-to-end pair, with its reason', () => {
    const targets = evaluateTargets({ ...measured, cdkSynthMs: undefined, cdkCliSkipped: "the peer's cdk synth -q failed: exit 1" });
    expect(targets.map((t) => t.verdict)).toEqual(['PASS', 'PASS', 'PASS', 'SKIPPED', 'PASS']);
    expect(targets[3].line).toBe("SKIPPED `npm run synth -- --env prod` / the peer's `cdk synth -q`: not measured (the peer's cdk synth -q failed: exit 1); target <= 0.35x");
  });

  test('a skipped peer is SKIPPED with the reason, never a number', () => {
    const [peer] = evaluateTargets({ ...measured, peerMs: undefined, peerSkipped: 'npm ci failed (exit 1): ENOTFOUND registry.npmjs.org' });
    expect(peer).toEqual({
      id: 'prod-vs-peer',
      verdict: 'SKIPPED',
      limit: 0.25,
      line: 'SKIPPED prod synth / AWS CDK peer synth: not measured (npm ci failed (exit 1): ENOTFOUND registry.npmjs.org); target <= 0.25x',
    });
  });
});

describe('README section', () => {
  const readme = ['# Title', '', 'before', BENCH_START, 'old table', 'old lines', BENCH_END, 'after', ''].join('\n');

  test('replaces only what is between the markers', () => {
    expect(replaceBenchBlock(readme, 'new table\n')).toBe(['# Title', '', 'before', BENCH_START, 'new table', BENCH_END, 'after', ''].join('\n'));
  });

  test('is idempotent: writing the same block twice gives the same file', () => {
    const once = replaceBenchBlock(readme, 'new table');
    expect(replaceBenchBlock(once, 'new table')).toBe(once);
  });

  test('missing markers fail with the lines to add', () => {
    expect(() => replaceBenchBlock('# Title\n', 'x')).toThrow(`README.md: missing ${BENCH_START} and ${BENCH_END}; --write-readme only rewrites the text between these two lines, so add them (in that order) where the measurement should go`);
    expect(() => replaceBenchBlock(`${BENCH_START}\n`, 'x')).toThrow(`README.md: missing ${BENCH_END};`);
  });

  test('markers in the wrong order or twice are refused', () => {
    expect(() => replaceBenchBlock(`${BENCH_END}\n${BENCH_START}\n`, 'x')).toThrow(`${BENCH_END} comes before ${BENCH_START}`);
    expect(() => replaceBenchBlock(`${BENCH_START}\n${BENCH_END}\n${BENCH_START}\n${BENCH_END}\n`, 'x')).toThrow('the bench markers appear more than once');
  });

  test('the block carries the date, the machine, the table and the target lines', () => {
    const report: BenchReport = {
      runs: 3,
      environment: {
        date: '2026-12-01T05:00:00.000Z',
        node: 'v20.20.2',
        platform: 'linux/x64',
        cpus: { count: 2, model: 'AMD EPYC' },
        loadAverage: { start: [2.31, 2.27, 2.3], end: [2.5, 2.4, 2.35] },
        nodeExtraCaCerts: 'set',
        peer: { status: 'measured', dir: '/peer' },
      },
      results: [{ id: 'prod', name: 'prod (paired with the peer)', command: 'node dist/main.js prod', runs: 3, medianMs: 1000.4, minMs: 990, maxMs: 1100, timesMs: [990, 1000.4, 1100], peakRssMiB: 111.2, processes: 1, largestProcess: 'main.js' }],
      targets: evaluateTargets({ prodMs: 1000, peerMs: 2000 }),
      notes: ['NODE_EXTRA_CA_CERTS is set and kept for every row.'],
    };
    const block = readmeBlock(report);
    expect(block).toContain('Measured 2026-12-01T05:00:00.000Z by `npm run bench -- --runs 3`');
    expect(block).toContain('on 2 × AMD EPYC, Node v20.20.2 (linux/x64); load average 2.31 2.27 2.30 at the start, 2.50 2.40 2.35 at the end.');
    expect(block).toContain('| Case | Timed | Median | × floor | Min | Max | Peak RSS |');
    expect(block).toContain('| prod (paired with the peer) | `node dist/main.js prod` | 1000 ms |  | 990 ms | 1100 ms | 111 MiB |');
    expect(readmeBlock({ ...report, results: withFloorRatios([{ ...report.results[0]!, floor: 'floor' }, { ...report.results[0]!, id: 'floor', name: 'cdktf floor', medianMs: 250, floor: 'floor' }]) })).toContain('| 1000 ms | 4.00x | 990 ms |');
    expect(block).toContain('- **MISS** prod synth / AWS CDK peer synth: 0.50x (target <= 0.25x;');
    expect(block).toContain('- **SKIPPED** `npm run synth` end to end, build cache warm: not measured');
    expect(block).toContain('- NODE_EXTRA_CA_CERTS is set and kept for every row.');
    // A profile is a code block: it carries the directive the README test requires before every block.
    expect(readmeBlock({ ...report, profile: ['Where ...', '  phase  1 ms  0%'] })).toContain('\n<!-- test: skip a measurement of this machine written by npm run bench -- --profile, not a command to run -->\n```text\nWhere ...\n  phase  1 ms  0%\n```');
    expect(block).not.toContain(BENCH_START);
  });
});

describe('command line', () => {
  test('--peer naming a missing folder is a usage error, before anything is measured', async () => {
    const run = await runCli(benchCommand(), ['--peer', '/nonexistent/peer-bench']);
    expect(run).toEqual({ code: EXIT.usage, stdout: '', stderr: 'error: --peer /nonexistent/peer-bench: no such folder (give the folder of the peer app, with its package.json and bin/app.ts)\n' });
  });
});

describe('--profile: where the synth time goes', () => {
  // root → main → loadEnvironment → crdProblems, and main → synthesize; GC beside them.
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)' }, children: [2, 6] },
      { id: 2, callFrame: { functionName: 'main' }, children: [3, 5] },
      { id: 3, callFrame: { functionName: 'loadEnvironment' }, children: [4] },
      { id: 4, callFrame: { functionName: 'crdProblems' } },
      { id: 5, callFrame: { functionName: 'synthesize' } },
      { id: 6, callFrame: { functionName: '(garbage collector)' } },
    ],
    // 10 ms in loadEnvironment itself, 20 ms in crdProblems (inside it), 30 ms synthesize, 5 ms GC, 5 ms main.
    samples: [3, 4, 4, 5, 5, 5, 6, 2],
    timeDeltas: [10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 5_000, 5_000],
  };

  test('each phase is the inclusive time of its functions, averaged over the profiles', () => {
    const summary = summarizeProfiles([profile, profile]);
    const ms = Object.fromEntries(summary.phases.map((p) => [p.name.trim(), p.ms]));
    expect(summary).toMatchObject({ profiles: 2, sampledMs: 70 });
    expect(ms['spec read and validated (YAML, zod)']).toBe(30);
    expect(ms['of which Karpenter CRD schemas and CEL rules']).toBe(20);
    expect(ms['cdktf: stacks synthesized and written']).toBe(30);
    expect(ms['garbage collection']).toBe(5);
    expect(ms['constructs built (modules)']).toBe(0);
  });

  test('the lines split the median into Node start and the phases scaled to the rest (sub-phases not counted twice)', () => {
    // 70 ms profiled; median 170 ms of which Node start 30: the profiled shares fill 140 ms (x2).
    const lines = profileLines(summarizeProfiles([profile]), 170, 'node dist/main.js prod', 30);
    expect(lines[0]).toBe("Where `node dist/main.js prod` spends its 170 ms (median): each phase's share of 1 CPU profiles (70 ms profiled on average) applied to the time after Node's start:");
    expect(lines.find((l) => l.includes('Node start'))).toMatch(/ 30 ms {3}18%$/);
    expect(lines.find((l) => l.includes('spec read'))).toMatch(/ 60 ms {3}35%$/);
    expect(lines.find((l) => l.includes('everything else'))).toMatch(/ 10 ms {4}6%$/);
  });

  test('no profile is an error, not an empty table', () => {
    expect(() => summarizeProfiles([])).toThrow('bench --profile: no CPU profile was written');
  });
});
