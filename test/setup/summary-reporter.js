// Prints one plain closing line, "N passed, N failed, N skipped", as the very last
// line of the run (after Jest's own summary), so CI and people reading the tail of a
// log see the outcome at a glance.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`;
    process.once('exit', () => process.stdout.write(`\n${line}\n`));
  }
}
module.exports = SummaryReporter;
