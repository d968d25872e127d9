#!/usr/bin/env node
// Sums vitest and Playwright JSON results into one closing line: "N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'e2e/.artifacts';
let passed = 0;
let failed = 0;
let skipped = 0;
const seen = [];
for (const file of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []) {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  if (typeof report.numPassedTests === 'number') {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  } else if (report.stats) {
    passed += report.stats.expected;
    failed += report.stats.unexpected + report.stats.flaky;
    skipped += report.stats.skipped;
  } else continue;
  seen.push(file);
}
const expected = [
  'vitest-unit.json',
  'vitest-integration.json',
  'results.json',
  'results-logs.json',
];
const missing = expected.filter((f) => !seen.includes(f));
if (missing.length) {
  console.log(`missing test reports (a stage did not run): ${missing.join(', ')}`);
  failed += missing.length;
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
