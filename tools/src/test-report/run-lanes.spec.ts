// tools/test/run-lanes.mjs with a lane table of its own: the plan is written before anything runs, each command's
// exit is recorded, a process a lane leaves behind is reported (and killed), and a root lane without root is
// recorded as not run — so the summary counts all of these as failures.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RUN_LANES = resolve(__dirname, '..', '..', 'test', 'run-lanes.mjs');
const SUMMARIZE = resolve(__dirname, '..', '..', 'test', 'summarize-jest.mjs');

const PASSING = JSON.stringify({ numPassedTests: 2, numFailedTests: 0, numPendingTests: 0, numTotalTests: 2, testResults: [] });

/** processAlive: the pid exists and is not a zombie waiting for its (new) parent to reap it. */
function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

// Waits until the background child has exec'd its sleep, so the lane ends with a leftover whose command line is
// readable (under load the lane could end while the child is still between fork and exec).
const execed = "until tr '\\0' ' ' < /proc/$!/cmdline 2>/dev/null | grep -q 'sleep 30'; do sleep 0.01; done";

describe('run-lanes.mjs', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'plexus-lanes-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function runWith(lanes: unknown[]) {
    const table = join(dir, 'lanes.mjs');
    writeFileSync(table, `export const LANES = ${JSON.stringify(lanes)};\n`);
    const results = join(dir, 'results');
    const out = spawnSync(process.execPath, [RUN_LANES, results, '--table', table], { encoding: 'utf8', timeout: 60_000 });
    const read = (rel: string) => JSON.parse(readFileSync(join(results, rel), 'utf8'));
    const summary = spawnSync(process.execPath, [SUMMARIZE, results], { encoding: 'utf8' });
    return { out, read, results, summary: summary.stdout.trim().split('\n') };
  }

  it('records each lane, and reports and kills a process a lane left running', () => {
    const pidFile = join(dir, 'leftover.pid');
    const { out, read, summary } = runWith([
      { name: 'good', kind: 'jest', command: `printf '%s' '${PASSING}' > {result}` },
      { name: 'leaky', kind: 'jest', command: `printf '%s' '${PASSING}' > {result}; sleep 300 & ${execed}; echo $! > ${pidFile}` },
      { name: 'silent', kind: 'jest', command: 'exit 3' },
    ]);
    expect(out.status).toBe(1);
    expect(read('plan.json').map((e: { name: string }) => e.name)).toEqual(['good', 'leaky', 'silent']);
    expect(read('lane-good.status.json')).toEqual({ exitCode: 0, signal: null, leftovers: [] });
    const leaky = read('lane-leaky.status.json');
    expect(leaky.leftovers).toEqual([expect.stringMatching(/^\d+ sleep 300$/)]);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(processAlive(pid)).toBe(false);
    expect(read('lane-silent.status.json')).toMatchObject({ exitCode: 3 });
    expect(summary).toContain('FAILED silent: wrote no result (command exited with code 3)');
    expect(summary.some((l) => /^FAILED leaky: left 1 process\(es\) running: \d+ sleep 300$/.test(l))).toBe(true);
    expect(summary[summary.length - 1]).toBe('4 passed, 2 failed, 0 skipped');
  });

  it('records a root lane as not run when not root', () => {
    if (process.getuid?.() === 0) {
      // As root the lane runs; the not-root path is the one under test, so check the recorded run instead.
      const { read } = runWith([{ name: 'rooted', kind: 'jest', root: true, command: `printf '%s' '${PASSING}' > {result}` }]);
      expect(read('lane-rooted.status.json')).toMatchObject({ exitCode: 0 });
      return;
    }
    const { read, results } = runWith([{ name: 'rooted', kind: 'jest', root: true, command: 'true' }]);
    expect(read('lane-rooted.status.json')).toEqual({ notRun: 'needs root (netns, links)' });
    expect(existsSync(join(results, 'lane-rooted.json'))).toBe(false);
  });
});

describe('run-lanes.mjs, a process that leaves the lane\'s process group', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'plexus-lanes-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is still found through the environment the lane gave it (as nx starts tasks in sessions of their own)', () => {
    const pidFile = join(dir, 'escaped.pid');
    const table = join(dir, 'lanes.mjs');
    writeFileSync(table, `export const LANES = ${JSON.stringify([{ name: 'escaping', kind: 'jest', command: `printf '%s' '${PASSING}' > {result}; setsid sleep 301 & ${execed}; echo $! > ${pidFile}` }])};\n`);
    const results = join(dir, 'results');
    spawnSync(process.execPath, [RUN_LANES, results, '--table', table], { encoding: 'utf8', timeout: 60_000 });
    const status = JSON.parse(readFileSync(join(results, 'lane-escaping.status.json'), 'utf8'));
    expect(status.leftovers).toEqual([expect.stringMatching(/^\d+ sleep 301$/)]);
    expect(processAlive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });
});
