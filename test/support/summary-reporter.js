// Writes Jest's aggregated results (the same counters `jest --json` prints) to .jest-summary.json,
// so .ci/run can run plain `npm test` and still print "N passed, N failed" from Jest's own numbers.
const { writeFileSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numTotalTests, numPassedTests, numFailedTests, numPendingTests, numTotalTestSuites, numFailedTestSuites, numRuntimeErrorTestSuites } = results;
    // A file that fails before its tests run (an import that throws, a missing fixture) has no failed
    // test to count; it is counted as one failure, so "0 failed" never hides it.
    const summary = { numTotalTests, numPassedTests, numFailedTests, numPendingTests, numTotalTestSuites, numFailedTestSuites, numRuntimeErrorTestSuites, failures: numFailedTests + numRuntimeErrorTestSuites };
    writeFileSync('.jest-summary.json', `${JSON.stringify(summary, null, 2)}\n`);
  }
}

module.exports = SummaryReporter;
