import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { SpawnRunner } from '@plexus/exec';
import { PluginDelegator } from '@plexus/invoke';
import { FakeCommandRunner } from '@plexus/exec/testing';
import { abandonedWorkCount, toInProcessPlugin, type CmdArgs, type InProcessPlugin } from '@plexus/skel';
import { DispatcherHarness, dispatcherConf, request } from './testing/dispatcher-harness';

/**
 * An in-process delegate that "waits for its store lock" (until the test opens the gate), then allocates an address
 * for (container, ifname); its DEL frees it. `honoursAbort` makes its lock wait stop when the caller gives up, as
 * FileStore's does with a signal.
 */
function slowIpam(opts: { honoursAbort: boolean }): { plugin: InProcessPlugin; open: () => void; held: Set<string> } {
  const held = new Set<string>();
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const waitForLock = (args: CmdArgs): Promise<void> =>
    new Promise((resolve, reject) => {
      void gate.then(resolve);
      if (opts.honoursAbort) args.signal?.addEventListener('abort', () => reject(new Error('lock wait aborted')));
    });
  const plugin = toInProcessPlugin({
    name: 'slow-ipam',
    handlers: {
      add: async (args) => {
        await waitForLock(args);
        held.add(`${args.containerId}/${args.ifName}`);
        return { cniVersion: '1.1.0', ips: [{ address: '10.9.0.2/24' }] };
      },
      del: async (args) => void held.delete(`${args.containerId}/${args.ifName}`),
    },
  });
  return { plugin, open, held };
}

/** A pod whose only network runs `slow-ipam` through the real delegator, in-process. */
function podWith(plugin: InProcessPlugin): DispatcherHarness {
  const h = new DispatcherHarness();
  h.requests = [request('cluster', 'slow-ipam', { isPrimary: true })];
  const delegator = new PluginDelegator({ runner: new FakeCommandRunner(), findPlugin: (type) => `/opt/cni/bin/${type}`, loadPlugin: (p) => (basename(p) === 'slow-ipam' ? plugin : undefined), abandonGraceMs: 50 });
  const original = h.deps.bind(h);
  h.deps = () => ({ ...original(), delegator });
  return h;
}

const conf = dispatcherConf({ delegateTimeoutMs: 50 });

// Issue 11: the rollback DEL ran before the timed-out ADD allocated, and the checkpoint was freed: a leak for good.
describe('an in-process delegate past delegateTimeoutMs', () => {
  it('that ignores the abort: the checkpoint is kept, so the runtime DEL frees what it allocated late', async () => {
    const ipam = slowIpam({ honoursAbort: false });
    const h = podWith(ipam.plugin);
    const err = await h.fail('ADD', conf);
    expect(err).toMatchObject({ code: 11, msg: 'failed to add interface eth0' });
    expect(err.details).toMatch(/plugin "slow-ipam" timed out; ADD took longer than 50 ms; it ignored the abort for 50 ms and is abandoned/);
    expect(await h.checkpoint()).toBeDefined();
    // The abandoned call now gets its lock and allocates, after the rollback's DEL found nothing.
    ipam.open();
    await new Promise((r) => setTimeout(r, 10));
    expect([...ipam.held]).toEqual(['ctr1/eth0']);
    expect(abandonedWorkCount()).toBe(0);
    await h.ok('DEL', conf);
    expect([...ipam.held]).toEqual([]);
    expect(await h.checkpoint()).toBeUndefined();
  });

  it('that honours the abort: it stops before allocating, the rollback completes and frees the checkpoint', async () => {
    const ipam = slowIpam({ honoursAbort: true });
    const h = podWith(ipam.plugin);
    const err = await h.fail('ADD', conf);
    expect(err).toMatchObject({ code: 11 });
    expect(err.details).toMatch(/it stopped after the abort/);
    expect(await h.checkpoint()).toBeUndefined();
    ipam.open();
    await new Promise((r) => setTimeout(r, 10));
    expect([...ipam.held]).toEqual([]);
  });
});

// Issue 11: with delegateTimeoutMs 1000 an exec'd delegate that hangs took 8.2 s.
describe('an exec\'d delegate past delegateTimeoutMs', () => {
  it('is killed at the timeout: ADD (and its rollback DEL, which hangs too) fails with 11 within 3 s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plexus-md-timeout-'));
    try {
      writeFileSync(join(dir, 'hangs'), '#!/bin/sh\nsleep 30 &\nwait\n');
      chmodSync(join(dir, 'hangs'), 0o755);
      const h = new DispatcherHarness();
      h.requests = [request('cluster', 'hangs', { isPrimary: true })];
      const original = h.deps.bind(h);
      h.deps = () => ({ ...original(), delegator: new PluginDelegator({ runner: new SpawnRunner() }) });
      const started = Date.now();
      const err = await h.fail('ADD', dispatcherConf({ delegateTimeoutMs: 1000 }), { path: dir });
      const took = Date.now() - started;
      expect(err).toMatchObject({ code: 11, msg: 'failed to add interface eth0' });
      expect(err.details).toMatch(/plugin "hangs" timed out; ADD took longer than 1000 ms/);
      expect(took).toBeLessThan(3000);
      // The rollback DEL timed out as well: the checkpoint stays for the runtime's DEL.
      expect(await h.checkpoint()).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
