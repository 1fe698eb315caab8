// Writes Jest's aggregated results (the same counters `jest --json` prints) to .jest-summary.json,
// so .ci/run can run plain `npm test` and still print "N passed, N failed" from Jest's own numbers.
const { writeFileSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numTotalTests, numPassedTests, numFailedTests, numPendingTests, numTotalTestSuites, numFailedTestSuites } = results;
    const summary = { numTotalTests, numPassedTests, numFailedTests, numPendingTests, numTotalTestSuites, numFailedTestSuites };
    writeFileSync('.jest-summary.json', `${JSON.stringify(summary, null, 2)}\n`);
  }
}

module.exports = SummaryReporter;
