// Prints the one line CI reads, from vitest's JSON report: `tests: N passed, N failed`.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'reports/vitest.json';
if (!existsSync(file)) {
  console.log('tests: 0 passed, 0 failed');
  console.error(`no vitest report at ${file}: the test run did not get as far as running tests`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
// Files that failed to load count as failures too, so a broken suite cannot look green.
const brokenFiles = (report.testResults ?? []).filter(
  (r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0,
).length;
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
