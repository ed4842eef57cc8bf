// The closing summary of `npm test` (tools/test/summarize-jest.mjs), fed fixture result files: every planned lane
// must have produced a result, suites that fail to load and nx task failures count, and the last line is the one
// CI reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseNxTasks } from '../../test/parse-nx-output.mjs';

const SCRIPT = resolve(__dirname, '..', '..', 'test', 'summarize-jest.mjs');

type Files = Record<string, unknown>;

function summarizeFixture(files: Files): { status: number | null; lines: string[]; last: string } {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-summary-'));
  try {
    for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
    const out = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
    const lines = out.stdout.trim().split('\n');
    return { status: out.status, lines, last: lines[lines.length - 1] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A jest --json result with the given test outcomes. */
function jestResult(passed: number, failed = 0, pending = 0, extraSuites: unknown[] = []) {
  const assertions = [
    ...Array.from({ length: passed }, () => ({ status: 'passed' })),
    ...Array.from({ length: failed }, () => ({ status: 'failed' })),
    ...Array.from({ length: pending }, () => ({ status: 'pending' })),
  ];
  return {
    numPassedTests: passed,
    numFailedTests: failed,
    numPendingTests: pending,
    numTodoTests: 0,
    numTotalTests: passed + failed + pending,
    numFailedTestSuites: (failed > 0 ? 1 : 0) + extraSuites.length,
    testResults: [{ name: '/repo/a.spec.ts', status: failed > 0 ? 'failed' : 'passed', assertionResults: assertions }, ...extraSuites],
  };
}

const PLAN = [
  { name: 'lint:static-ipam', lane: 'lint', kind: 'task', task: 'static-ipam:lint' },
  { name: 'typecheck:static-ipam', lane: 'typecheck', kind: 'task', task: 'static-ipam:typecheck' },
  { name: 'unit:static-ipam', lane: 'unit', kind: 'jest', result: 'static-ipam.json', task: 'static-ipam:test' },
  { name: 'build:static-ipam', lane: 'build', kind: 'task', task: 'static-ipam:build' },
  { name: 'e2e', lane: 'e2e', kind: 'jest', result: 'lane-e2e.json', status: 'lane-e2e.status.json' },
  { name: 'kernel-vm', lane: 'kernel-vm', kind: 'jest', result: 'lane-kernel-vm.json', status: 'lane-kernel-vm.status.json' },
];
const NX_OK = { exitCode: 0, ran: ['static-ipam:lint', 'static-ipam:typecheck', 'static-ipam:test', 'static-ipam:build'], failed: [], leftovers: [] };
const ALL_GOOD: Files = {
  'plan.json': PLAN,
  'nx-tasks.json': NX_OK,
  'static-ipam.json': jestResult(10),
  'lane-e2e.json': jestResult(5, 0, 1),
  'lane-e2e.status.json': { exitCode: 0, signal: null, leftovers: [] },
  'lane-kernel-vm.json': jestResult(7),
  'lane-kernel-vm.status.json': { exitCode: 0, signal: null, leftovers: [] },
};

describe('summarize-jest.mjs', () => {
  it('sums every lane and counts nx tasks, ending with the line CI reads; exit 0', () => {
    const r = summarizeFixture(ALL_GOOD);
    expect(r.last).toBe('25 passed, 0 failed, 1 skipped');
    expect(r.lines).toContain('lane e2e: 5 passed, 0 failed, 1 skipped');
    expect(r.lines).toContain('lane lint: 1 passed, 0 failed, 0 skipped');
    expect(r.status).toBe(0);
  });

  it('counts a lane that wrote no result as failed, with the command exit as reason', () => {
    const { ['lane-kernel-vm.json']: _gone, ...files } = ALL_GOOD;
    const r = summarizeFixture({ ...files, 'lane-kernel-vm.status.json': { exitCode: 125, signal: null, leftovers: [] } });
    expect(r.last).toBe('18 passed, 1 failed, 1 skipped');
    expect(r.lines).toContain('FAILED kernel-vm: wrote no result (command exited with code 125)');
    expect(r.status).toBe(1);
  });

  it('counts a lane that never ran (no status, no result) as failed', () => {
    const { ['lane-kernel-vm.json']: _r, ['lane-kernel-vm.status.json']: _s, ...files } = ALL_GOOD;
    const r = summarizeFixture(files);
    expect(r.last).toBe('18 passed, 1 failed, 1 skipped');
    expect(r.lines).toContain('FAILED kernel-vm: wrote no result (the lane did not run)');
    expect(r.status).toBe(1);
  });

  it('counts a root lane run without root as failed with that reason', () => {
    const { ['lane-e2e.json']: _r, ...files } = ALL_GOOD;
    const r = summarizeFixture({ ...files, 'lane-e2e.status.json': { notRun: 'needs root (netns, links)' } });
    expect(r.lines).toContain('FAILED e2e: not run: needs root (netns, links)');
    expect(r.last).toBe('20 passed, 1 failed, 0 skipped');
    expect(r.status).toBe(1);
  });

  it('counts a suite that failed to load as failed, naming it', () => {
    const broken = { name: '/repo/e2e/src/x.e2e.ts', status: 'failed', message: '\u001b[1m● Test suite failed to run\n\n  Cannot find module ./gone\n', assertionResults: [] };
    const r = summarizeFixture({ ...ALL_GOOD, 'lane-e2e.json': jestResult(5, 0, 1, [broken]) });
    expect(r.last).toBe('25 passed, 1 failed, 1 skipped');
    expect(r.lines).toContain('FAILED e2e: suite /repo/e2e/src/x.e2e.ts failed outside its tests (load error or hook): Cannot find module ./gone');
    expect(r.status).toBe(1);
  });

  it('puts lint, typecheck and build failures in the closing line', () => {
    const nx = { ...NX_OK, exitCode: 1, failed: ['static-ipam:lint', 'static-ipam:build'] };
    const r = summarizeFixture({ ...ALL_GOOD, 'nx-tasks.json': nx });
    expect(r.last).toBe('23 passed, 2 failed, 1 skipped');
    expect(r.lines).toContain('FAILED lint:static-ipam: nx task static-ipam:lint failed');
    expect(r.lines).toContain('FAILED build:static-ipam: nx task static-ipam:build failed');
    expect(r.status).toBe(1);
  });

  it('counts a planned nx task that did not run, and a unit project whose test task wrote nothing', () => {
    const nx = { ...NX_OK, exitCode: 1, ran: ['static-ipam:lint', 'static-ipam:test'], failed: ['static-ipam:test'] };
    const { ['static-ipam.json']: _gone, ...files } = ALL_GOOD;
    const r = summarizeFixture({ ...files, 'nx-tasks.json': nx });
    expect(r.lines).toContain('FAILED typecheck:static-ipam: no result: nx task static-ipam:typecheck did not run');
    expect(r.lines).toContain('FAILED unit:static-ipam: wrote no result (nx task static-ipam:test failed)');
    expect(r.last).toBe('13 passed, 3 failed, 1 skipped');
  });

  it('fails a lane that ran no test, or exited non-zero with every test passed, or left processes running', () => {
    const r = summarizeFixture({
      ...ALL_GOOD,
      'lane-e2e.json': jestResult(0),
      'lane-kernel-vm.status.json': { exitCode: 1, signal: null, leftovers: ['4242 node dist/tools/api-emulator --port 0'] },
    });
    expect(r.lines).toContain('FAILED e2e: ran no test');
    expect(r.lines).toContain('FAILED kernel-vm: exited with code 1 although every test passed');
    expect(r.lines).toContain('FAILED kernel-vm: left 1 process(es) running: 4242 node dist/tools/api-emulator --port 0');
    expect(r.last).toBe('20 passed, 3 failed, 0 skipped');
    expect(r.status).toBe(1);
  });

  it('counts an unreadable result file as failed', () => {
    const r = summarizeFixture({ ...ALL_GOOD, 'static-ipam.json': '{"numPassedTests": 3,' });
    expect(r.lines.some((l) => l.startsWith('FAILED unit:static-ipam: result static-ipam.json unreadable:'))).toBe(true);
    expect(r.last).toBe('15 passed, 1 failed, 1 skipped');
  });

  it('fails without a plan instead of reporting 0 failed', () => {
    const r = summarizeFixture({ 'lane-e2e.json': jestResult(5) });
    expect(r.last).toBe('0 passed, 1 failed, 0 skipped');
    expect(r.status).toBe(1);
  });

  it('fails a run in which nothing passed', () => {
    const r = summarizeFixture({ 'plan.json': [] });
    expect(r.last).toBe('0 passed, 0 failed, 0 skipped');
    expect(r.status).toBe(1);
  });
});

describe('parseNxTasks', () => {
  it('reads the tasks nx ran (cache hits too) and the failed ones', () => {
    const out = [
      '> nx run kube-model:typecheck',
      '',
      '> tsc -p libs/kube-model/tsconfig.json',
      '> nx run cni-spec:typecheck  [local cache]',
      'Warning: command "tsc -p libs/kube-model/tsconfig.json" exited with non-zero status code',
      ' NX   Running target typecheck for 2 projects failed',
      '',
      'Failed tasks:',
      '',
      '- kube-model:typecheck',
      '',
      '  Run duration:      1.5s',
    ].join('\n');
    expect(parseNxTasks(out)).toEqual({ ran: ['kube-model:typecheck', 'cni-spec:typecheck'], failed: ['kube-model:typecheck'] });
  });
});
