// Preloaded (`node -r`, through NODE_OPTIONS) into each benchmarked process: appends the process's
// own peak RSS to $BENCH_RSS_FILE on exit, so the benchmark measures whole processes, not a function
// inside the parent. NODE_OPTIONS reaches every Node process of a tree (npm, the build, the app), so
// each appends its own line and the bench takes the largest (cli/bench.ts, parseRssReport).
import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';

const target = process.env.BENCH_RSS_FILE;
// One short append per process: O_APPEND keeps lines from processes of one tree whole.
if (target) process.on('exit', () => appendFileSync(target, `${process.resourceUsage().maxRSS}\t${process.pid}\t${process.argv[1] ? basename(process.argv[1]) : 'node'}\n`));
