#!/usr/bin/env node
// Sums jest --json result files into one closing line "N passed, N failed, N skipped" (the form CI reads).
// Usage: summarize-jest.mjs FILE… [--extra-passed N --extra-failed N]; exits 1 if anything failed or no test ran.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0, failed = 0, skipped = 0, suitesFailed = 0;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--extra-passed') { passed += Number(args[++i]); continue; }
  if (a === '--extra-failed') { failed += Number(args[++i]); continue; }
  if (!existsSync(a)) { console.error(`summarize: missing result file ${a}`); suitesFailed++; continue; }
  const r = JSON.parse(readFileSync(a, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  suitesFailed += r.numFailedTestSuites;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || suitesFailed > 0 || passed === 0) process.exit(1);
