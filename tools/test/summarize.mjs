// Sums the results of a planned run (see plan-lanes.mjs) into per-lane totals and one closing line
// "N passed, N failed, N skipped". Honest by construction: an expected result that is missing or unreadable, a
// suite that failed to load, a lane that ran no test, exited non-zero with every test passed, was not run (no root)
// or left processes behind each count as one failure, with the reason printed.

/**
 * @typedef {{exitCode?: number|null, signal?: string|null, notRun?: string, leftovers?: string[]}} LaneStatus
 * @typedef {{exitCode: number, ran: string[], failed: string[]}} NxTasks
 * @typedef {{passed: number, failed: number, skipped: number, failures: Array<{name: string, reason: string}>, lanes: Map<string, {passed: number, failed: number, skipped: number}>}} Summary
 */

/**
 * summarize reads every planned result through readJson(relativePath), which returns undefined for a missing file
 * and throws for an unreadable one.
 * @param {import('./plan-lanes.mjs').PlanEntry[]} plan
 * @param {(rel: string) => any} readJson
 * @returns {Summary}
 */
export function summarize(plan, readJson) {
  /** @type {Summary} */
  const s = { passed: 0, failed: 0, skipped: 0, failures: [], lanes: new Map() };
  const nx = tryRead(readJson, 'nx-tasks.json');
  for (const entry of plan) {
    const lane = s.lanes.get(entry.lane) ?? { passed: 0, failed: 0, skipped: 0 };
    s.lanes.set(entry.lane, lane);
    let entryFailed = 0;
    const fail = (reason) => {
      entryFailed += 1;
      lane.failed += 1;
      s.failed += 1;
      s.failures.push({ name: entry.name, reason });
    };
    const add = (passed, failed, skipped) => {
      entryFailed += failed;
      lane.passed += passed;
      lane.failed += failed;
      lane.skipped += skipped;
      s.passed += passed;
      s.failed += failed;
      s.skipped += skipped;
    };
    if (entry.kind === 'task') summarizeTask(entry, nx, add, fail);
    else summarizeJest(entry, nx, readJson, { add, fail, failedSoFar: () => entryFailed });
  }
  const leftByNx = nx.value?.leftovers ?? [];
  if (leftByNx.length > 0) {
    s.failed += 1;
    s.failures.push({ name: 'nx run-many', reason: `left ${leftByNx.length} process(es) running: ${leftByNx.join('; ')}` });
  }
  return s;
}

function summarizeTask(entry, nx, add, fail) {
  if (nx.error) return fail(`nx task outcomes unreadable: ${nx.error}`);
  if (!nx.value) return fail('no result: nx did not run (nx-tasks.json missing)');
  if (nx.value.failed.includes(entry.task)) return fail(`nx task ${entry.task} failed`);
  if (!nx.value.ran.includes(entry.task)) return fail(`no result: nx task ${entry.task} did not run`);
  add(1, 0, 0);
}

function summarizeJest(entry, nx, readJson, { add, fail, failedSoFar }) {
  const status = entry.status ? tryRead(readJson, entry.status) : { value: undefined };
  /** @type {LaneStatus|undefined} */
  const st = status.value;
  if (st?.notRun) return fail(`not run: ${st.notRun}`);
  const taskFailed = entry.task !== undefined && nx.value?.failed.includes(entry.task);
  const res = tryRead(readJson, entry.result);
  if (res.error) fail(`result ${entry.result} unreadable: ${res.error}`);
  else if (!res.value) fail(`wrote no result (${whyNoResult(entry, st, nx, taskFailed)})`);
  else {
    countJest(res.value, add, fail);
    const failedHere = failedSoFar();
    if (failedHere === 0 && (res.value.numTotalTests ?? 0) === 0) fail('ran no test');
    else if (failedHere === 0 && st && st.exitCode !== 0) fail(`exited ${describeExit(st)} although every test passed`);
    else if (failedHere === 0 && taskFailed) fail(`nx task ${entry.task} failed although every test passed`);
  }
  if (st?.leftovers?.length) fail(`left ${st.leftovers.length} process(es) running: ${st.leftovers.join('; ')}`);
}

function countJest(r, add, fail) {
  add(r.numPassedTests ?? 0, r.numFailedTests ?? 0, (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0));
  // A suite that fails to load (syntax error, throwing import, failing beforeAll) has no failed test of its own.
  for (const suite of r.testResults ?? []) {
    const assertions = suite.assertionResults ?? [];
    if (suite.status === 'failed' && !assertions.some((a) => a.status === 'failed')) {
      fail(`suite ${suite.name ?? '?'} failed outside its tests (load error or hook): ${firstLine(suite.message ?? suite.failureMessage ?? '')}`);
    }
  }
}

function whyNoResult(entry, st, nx, taskFailed) {
  if (st) return `command exited ${describeExit(st)}`;
  if (taskFailed) return `nx task ${entry.task} failed`;
  if (entry.task) return nx.value ? `nx task ${entry.task} did not run` : 'nx did not run';
  return 'the lane did not run';
}

function describeExit(st) {
  return st.signal ? `on signal ${st.signal}` : `with code ${st.exitCode}`;
}

function firstLine(text) {
  const plain = String(text).replace(/\u001b\[[0-9;]*m/g, '');
  return plain.split('\n').map((l) => l.trim()).find((l) => l !== '' && !/^●/.test(l)) ?? 'no message';
}

function tryRead(readJson, rel) {
  try {
    return { value: readJson(rel) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** formatSummary renders per-lane totals, one line per failure, and the closing line CI reads (last). */
export function formatSummary(s) {
  const lines = [];
  for (const [name, l] of s.lanes) lines.push(`lane ${name}: ${l.passed} passed, ${l.failed} failed, ${l.skipped} skipped`);
  for (const f of s.failures) lines.push(`FAILED ${f.name}: ${f.reason}`);
  lines.push(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  return lines;
}
