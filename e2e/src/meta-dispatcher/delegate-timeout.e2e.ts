/**
 * delegateTimeoutMs as a hard bound, with the built dispatcher run as a runtime runs it. Its cluster network is a
 * Plexus-marked bundle (so it runs in-process) whose ADD never returns and keeps the event loop busy: it ignores
 * the abort, so the dispatcher must abandon it, keep the checkpoint, and end its process once it has replied —
 * before issue 11 it replied and then lived on with the abandoned call (and the runtime waits for the exit).
 */
import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { TestNetns } from '../support';
import { type MdWorld, useMdWorld } from './md-world';

let w: MdWorld;
let pod: TestNetns;

useMdWorld((world, netns) => {
  w = world;
  pod = netns;
});

const HANGING_BUNDLE = `#!/usr/bin/env node
// plexus-plugin-api:1 plxmd-hang-inproc
module.exports.plexusPlugin = {
  plexusPluginApi: 1,
  name: 'plxmd-hang-inproc',
  invoke: async (env) => {
    if (env.CNI_COMMAND !== 'ADD') return { exitCode: 0, stdout: '', stderr: '' };
    setInterval(() => undefined, 1000);
    return new Promise(() => undefined);
  },
};
`;

/** runDispatcher runs the dispatcher binary once and resolves with its exit status, stdout and duration. */
function runDispatcher(command: string, stdin: string): Promise<{ status: number | null; stdout: string; ms: number }> {
  const started = Date.now();
  const child = w.spawnDispatcher(command, pod.path, 'ctr-hang', { PATH: process.env.PATH ?? '', CNI_PATH: w.binDir }, stdin);
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((r) =>
    child.on('close', (status) => {
      clearTimeout(killer);
      r({ status, stdout, ms: Date.now() - started });
    }),
  );
}

describe('meta-dispatcher: an in-process delegate that ignores its timeout', () => {
  it('is abandoned: ADD answers 11 and the process exits within the bound, the checkpoint stays for DEL', async () => {
    writeFileSync(join(w.binDir, 'plxmd-hang-inproc'), HANGING_BUNDLE);
    chmodSync(join(w.binDir, 'plxmd-hang-inproc'), 0o755);
    w.conf('cluster.conflist', { cniVersion: '1.0.0', name: 'plxmd-hang', plugins: [{ type: 'plxmd-hang-inproc' }] });
    const stdin = w.dispatcher({ clusterNetwork: `${w.confDir}/cluster.conflist`, delegateTimeoutMs: 1000 });

    const add = await runDispatcher('ADD', stdin);
    expect(add.status).toBe(1);
    expect(JSON.parse(add.stdout)).toMatchObject({ code: 11, msg: 'failed to add interface eth0' });
    expect(JSON.parse(add.stdout).details).toMatch(/ignored the abort for 1000 ms and is abandoned/);
    // 1 s timeout + 1 s grace + a Node start; without the exit it would never end (killed at 20 s).
    expect(add.ms).toBeLessThan(8000);
    expect(w.checkpoints()).toEqual(['ctr-hang.json']);

    const del = await runDispatcher('DEL', stdin);
    expect(del).toMatchObject({ status: 0, stdout: '' });
    expect(w.checkpoints()).toEqual([]);
  }, 60_000);
});
