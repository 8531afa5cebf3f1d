/** Prints the run's totals as one plain line ("jest: N passed, N failed, N skipped") for CI logs. */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numFailedTestSuites } = results;
    const failed = numFailedTests + (numFailedTests === 0 ? numFailedTestSuites : 0);
    process.stdout.write(`\njest: ${numPassedTests} passed, ${failed} failed, ${numPendingTests} skipped\n`);
  }
}
module.exports = SummaryReporter;
