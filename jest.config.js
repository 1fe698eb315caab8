/** Jest runs TypeScript through @swc/jest (transpile only); `npm test` type-checks once with tsc first. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Synthesis-heavy tests on a loaded 2-core machine: per-test time is measured in the bench, not here.
  testTimeout: 60_000,
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    // ESM-only test dependencies (below) are compiled to CommonJS like our own code.
    '^.+\\.js$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // node_modules stay untransformed, except the ESM-only @kubernetes-models/karpenter (Karpenter CRD
  // schemas, used by the karpenter module's tests) and the ESM packages it imports.
  transformIgnorePatterns: ['/node_modules/(?!(@kubernetes-models|kubernetes-models|is-cidr|cidr-regex|ip-regex)/)'],
  // Those packages publish only an "import" export condition, which Jest's CommonJS resolver never
  // matches ("Cannot find module"); point it at their files instead.
  moduleNameMapper: {
    '^@kubernetes-models/(base|validate)$': '<rootDir>/node_modules/@kubernetes-models/$1/dist/index.js',
    '^@kubernetes-models/validate/runtime/(.+)$': '<rootDir>/node_modules/@kubernetes-models/validate/dist/runtime/$1.js',
    '^(@kubernetes-models/(?:karpenter|apimachinery)|kubernetes-models)/(.+)$': '<rootDir>/node_modules/$1/$2',
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
