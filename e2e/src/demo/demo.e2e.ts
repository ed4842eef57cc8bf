// `npm run demo` stops what it starts: run in a process group of its own, it must succeed and leave no process
// (the API emulator used to outlive it: killing a backgrounded shell function's pid left the emulator running)
// and none of its netns behind.
import { existsSync } from 'node:fs';
import { ip, isRoot, runInOwnGroup, WORKSPACE_ROOT } from '../support';

// Needs root (netns); fail loudly rather than skip, so a non-root run can never count as a pass.
beforeAll(() => {
  if (!isRoot()) throw new Error('the demo e2e test needs root (netns, links)');
});

describe('npm run demo', () => {
  it('completes and leaves no process, netns or temp dir behind', async () => {
    const run = await runInOwnGroup('bash', ['tools/demo/run-demo.sh'], { cwd: WORKSPACE_ROOT, env: process.env, timeoutMs: 240_000 });
    expect(run.output).toContain('demo complete');
    expect(run.status).toBe(0);
    expect(run.leftovers).toEqual([]);
    const demoNetns = ip(undefined, ['netns', 'list']).stdout.split('\n').filter((l) => /^plxdemo-/.test(l));
    expect(demoNetns.filter((l) => l.split(' ')[0].endsWith(`-${run.pid}`))).toEqual([]);
    const workDirs = [...new Set(run.output.match(/\/tmp\/plexus-demo\.\w+/g) ?? [])];
    expect(workDirs).toHaveLength(1);
    expect(workDirs.filter((d) => existsSync(d))).toEqual([]);
  }, 300_000);
});
