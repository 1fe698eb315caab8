// The one type-check of the project (tsc --noEmit with tsconfig.json: sources, CLIs and tests). Jest
// transpiles with @swc/jest and checks no types; this file runs tsc beside the other test files, so
// on a 2-core machine it overlaps with them instead of delaying the whole suite, and a type error is
// a failed test that .ci/run counts, with tsc's own lines.
import { spawnSync } from 'node:child_process';

test('the project type-checks (tsc --noEmit)', () => {
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '--pretty', 'false'], { encoding: 'utf8' });
  const errors = `${tsc.stdout}${tsc.stderr}`.split('\n').filter((line) => line.trim());
  expect({ exitCode: tsc.status, errors }).toEqual({ exitCode: 0, errors: [] });
}, 180_000);
