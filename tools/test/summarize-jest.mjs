#!/usr/bin/env node
// Closes `npm test`: reads the plan (plan.json, every result the lanes must produce, written by run-lanes.mjs before
// anything ran) and the results in RESULTS_DIR, prints per-lane totals, one line per failure with its reason, and
// last the one line CI reads: "N passed, N failed, N skipped". Exits 1 when anything failed or nothing passed.
// Usage: summarize-jest.mjs RESULTS_DIR
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSummary, summarize } from './summarize.mjs';

const dir = process.argv[2];
if (!dir || process.argv.length > 3) {
  console.error('usage: summarize-jest.mjs RESULTS_DIR');
  process.exit(2);
}
const readJson = (rel) => {
  const file = join(dir, rel);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
};
let plan;
try {
  plan = readJson('plan.json');
} catch (e) {
  plan = undefined;
  console.error(`summarize: ${dir}/plan.json unreadable: ${e instanceof Error ? e.message : e}`);
}
if (!Array.isArray(plan)) {
  // No plan means no lane is known to have run: that is a failure, never "0 failed".
  console.error(`FAILED plan: ${dir}/plan.json missing or not a list (run the lanes with tools/test/run-lanes.mjs)`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}
const s = summarize(plan, readJson);
for (const line of formatSummary(s)) console.log(line);
process.exit(s.failed > 0 || s.passed === 0 ? 1 : 0);
