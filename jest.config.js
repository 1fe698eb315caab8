/** Jest runs TypeScript through @swc/jest (transpile only); test/typecheck.test.ts runs tsc once, beside the other files. */
const { prebundledModules } = require('./test/support/prebundle');

module.exports = async () => ({
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Synthesis-heavy tests on a loaded 2-core machine: per-test time is measured in the bench, not here.
  testTimeout: 60_000,
  // Jest's default leaves one core to its parent process, which only collects results: on a 2-core
  // machine that is one worker running every file in turn. Test files are CPU-bound and separate.
  maxWorkers: '100%',
  // Heaviest files first, also on a fresh clone with no durations cached (see the file).
  testSequencer: '<rootDir>/test/support/sequencer.js',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Large third-party packages load from one prebundled file each (see test/support/prebundle.js).
  moduleNameMapper: await prebundledModules(__dirname),
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
});
