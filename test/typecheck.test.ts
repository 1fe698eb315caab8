// The one type-check of the project (tsc --noEmit with tsconfig.json: sources, CLIs and tests). Jest
// transpiles with @swc/jest and checks no types; this file runs tsc beside the other test files, and
// a type error is a failed test that .ci/run counts, with tsc's own lines. tsc is TypeScript 7, the
// native compiler (pinned; nothing here uses ts-jest or ts-node, which need the JavaScript one):
// ~2 s for the project where TypeScript 5.9 took ~7-9 s on the 2-core machine.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';

test('the project type-checks (tsc --noEmit)', () => {
  // The package's own bin (its exports do not include bin/).
  const bin = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  const tsc = spawnSync(process.execPath, [bin, '--noEmit', '--pretty', 'false'], { encoding: 'utf8' });
  const errors = `${tsc.stdout}${tsc.stderr}`.split('\n').filter((line) => line.trim());
  expect({ exitCode: tsc.status, errors }).toEqual({ exitCode: 0, errors: [] });
}, 180_000);
