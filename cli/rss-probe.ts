// Preloaded (`node -r`) into each benchmarked process: reports the process's own peak RSS on exit,
// so the benchmark measures the whole process, not a function inside the parent.
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
