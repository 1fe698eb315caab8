// Jest's order of test files, heaviest first, so the two workers of a 2-core machine finish together.
// Jest's own sequencer orders by the durations it cached on an earlier run and otherwise by file size,
// which on a fresh clone (CI) starts the README test (a small file that runs ~25 s of commands) and
// the type-check (a tiny file, ~7 s of tsc) last, and the suite then waits for them alone. Here a
// file without a cached duration gets the one measured for it below (`jest --runInBand`, 2-core
// machine, stop 16), or one estimated from its size; failed files still go first, as in Jest's.
'use strict';
const { relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/** Milliseconds, measured; only files far from what their size suggests need a line. */
const MEASURED = {
  'test/readme/readme.test.ts': 23_000,
  'test/typecheck.test.ts': 2_600,
  'test/cli/diff-cli.test.ts': 6_000,
  'test/cli/cdktf-cli.test.ts': 5_600,
  'test/modules/addons/schema-validators.test.ts': 3_600,
  'test/cli/bundle-output.test.ts': 3_000,
  'test/property/spec-mutations.test.ts': 3_000,
  'test/export/export.test.ts': 2_500,
};
/** Roughly what a test file of this project costs per byte of source, for the rest. */
const MS_PER_BYTE = 0.05;

class HeaviestFirst extends Sequencer {
  sort(tests) {
    const estimate = (test) => this.time(test) ?? MEASURED[relative(test.context.config.rootDir, test.path).split('\\').join('/')] ?? (test.context.hasteFS.getSize(test.path) ?? 0) * MS_PER_BYTE;
    const keyed = tests.map((test) => ({ test, failed: this.hasFailed(test), ms: estimate(test) }));
    keyed.sort((a, b) => (a.failed !== b.failed ? (a.failed ? -1 : 1) : b.ms - a.ms));
    return keyed.map(({ test }) => test);
  }
}

module.exports = HeaviestFirst;
