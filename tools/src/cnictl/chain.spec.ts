import { ExecError } from '@plexus/exec';
import { containerIdForNetns } from './container-id';
import { CnictlHarness, failWith, type PluginCall } from './testing';

const NETNS = '/var/run/netns/demo';
const CID = containerIdForNetns(NETNS);
const CACHE = `/var/lib/cni/results/demo-${CID}-eth0`;

const bridgeResult = {
  cniVersion: '1.0.0',
  interfaces: [{ name: 'br0', mac: 'aa:00:00:00:00:01' }, { name: 'eth0', mac: 'aa:00:00:00:00:02', sandbox: NETNS }],
  ips: [{ address: '10.250.0.10/24', gateway: '10.250.0.1', interface: 1 }],
  routes: [{ dst: '10.251.0.0/16', gw: '10.250.0.1' }],
  dns: {},
};

/** tuning changes eth0's mac in the result it was given, like the reference tuning plugin. */
function tuning(call: PluginCall) {
  if (call.command !== 'ADD') return undefined;
  const prev = structuredClone(call.stdin.prevResult) as typeof bridgeResult;
  prev.interfaces[1]!.mac = (call.stdin.runtimeConfig as { mac: string }).mac;
  return prev;
}

async function demo(version = '1.0.0', extra: Record<string, unknown> = {}) {
  const h = new CnictlHarness()
    .plugin('bridge', (c) => (c.command === 'ADD' ? bridgeResult : undefined))
    .plugin('tuning', tuning)
    .plugin('portmap');
  await h.conf('10-demo.conflist', {
    cniVersion: version,
    name: 'demo',
    ...extra,
    plugins: [
      { type: 'bridge', bridge: 'br0', capabilities: { ips: true }, ipam: { type: 'static' } },
      { type: 'tuning', capabilities: { mac: true } },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  });
  return h;
}

const CAPS = { CAP_ARGS: JSON.stringify({ mac: '02:50:00:00:00:0a' }) };

describe('cnictl add', () => {
  it('runs the chain in order, threading each result into the next plugin as prevResult', async () => {
    const h = await demo();
    const out = JSON.parse(await h.run('add', 'demo', NETNS, CAPS));
    expect(h.order()).toEqual(['bridge ADD', 'tuning ADD', 'portmap ADD']);
    const [b, t, p] = h.calls();
    expect(b!.stdin).toEqual({ bridge: 'br0', capabilities: { ips: true }, cniVersion: '1.0.0', ipam: { type: 'static' }, name: 'demo', type: 'bridge' });
    expect(t!.stdin.prevResult).toEqual(bridgeResult);
    expect(t!.stdin.runtimeConfig).toEqual({ mac: '02:50:00:00:00:0a' });
    expect((p!.stdin.prevResult as typeof bridgeResult).interfaces[1]!.mac).toBe('02:50:00:00:00:0a');
    expect(out.interfaces[1].mac).toBe('02:50:00:00:00:0a');
    expect(out.cniVersion).toBe('1.0.0');
  });

  it('gives every plugin the six CNI_* variables on top of the caller environment', async () => {
    const h = await demo();
    await h.run('add', 'demo', NETNS, { ...CAPS, CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAME=p', CNI_IFNAME: 'net1' });
    expect(h.calls()[0]!.env).toEqual({
      PATH: '/usr/bin',
      HOME: '/root',
      CNI_COMMAND: 'ADD',
      CNI_CONTAINERID: CID,
      CNI_NETNS: NETNS,
      CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAME=p',
      CNI_IFNAME: 'net1',
      CNI_PATH: '/opt/cni/bin',
    });
  });

  it('caches the final result with the list bytes, netns, CNI_ARGS and capability args (file 0600)', async () => {
    const h = await demo();
    await h.run('add', 'demo', NETNS, { ...CAPS, CNI_ARGS: 'IgnoreUnknown=1' });
    expect(await h.cacheFiles()).toEqual([`demo-${CID}-eth0`]);
    const file = h.fs.files.get(CACHE)!;
    expect(file.mode).toBe(0o600);
    const cached = JSON.parse(file.data);
    expect(Object.keys(cached)).toEqual(['kind', 'containerId', 'config', 'ifName', 'networkName', 'netns', 'cniArgs', 'capabilityArgs', 'result']);
    expect(cached).toMatchObject({ kind: 'cniCacheV1', containerId: CID, ifName: 'eth0', networkName: 'demo', netns: NETNS, cniArgs: [['IgnoreUnknown', '1']], capabilityArgs: { mac: '02:50:00:00:00:0a' } });
    expect(Buffer.from(cached.config, 'base64').toString()).toBe(await h.fs.read('/etc/cni/net.d/10-demo.conflist'));
    expect(cached.result.interfaces[1].mac).toBe('02:50:00:00:00:0a');
  });

  it('stops at the first failure with libcni\'s message, writes no cache and runs no DEL', async () => {
    const h = await demo();
    h.plugin('tuning', () => failWith(7, 'ARGS: unknown args ["FOO=bar"]'));
    await expect(h.run('add', 'demo', NETNS, CAPS)).rejects.toThrow('plugin type="tuning" failed (add): ARGS: unknown args ["FOO=bar"]');
    expect(h.order()).toEqual(['bridge ADD', 'tuning ADD']);
    expect(await h.cacheFiles()).toEqual([]);
  });

  it('reports msg and details like Go\'s types.Error, and a missing plugin by type', async () => {
    const h = await demo();
    h.plugin('bridge', () => failWith(11, 'busy', 'try later'));
    await expect(h.run('add', 'demo', NETNS)).rejects.toThrow('plugin type="bridge" failed (add): busy; try later');
    const h2 = new CnictlHarness();
    await h2.conf('1.conflist', { cniVersion: '1.0.0', name: 'x', plugins: [{ type: 'nowhere' }] });
    await expect(h2.run('add', 'x', NETNS)).rejects.toThrow('plugin type="nowhere" failed (add): failed to find plugin "nowhere" in path; [/opt/cni/bin]');
  });

  it('rejects an unusable ifname before running anything', async () => {
    const h = await demo();
    await expect(h.run('add', 'demo', NETNS, { CNI_IFNAME: '' })).rejects.toThrow('plugin type="bridge" failed (add): invalid CNI_IFNAME');
    expect(h.order()).toEqual([]);
  });

  it('retries a plugin binary that is busy being replaced ("text file busy"), 1 s apart', async () => {
    const h = await demo();
    let busy = 2;
    h.runner.calls.length = 0;
    const original = h.runner.run.bind(h.runner);
    h.runner.run = async (file, args, opts) => {
      if (file.endsWith('/bridge') && busy-- > 0) throw new ExecError(`${file}: text file busy`, file, 'busy');
      return original(file, args, opts);
    };
    await h.run('add', 'demo', NETNS, CAPS);
    expect(h.sleeps).toEqual([1000, 1000]);
  });

  it('gives each plugin the configured timeout and reports one that exceeds it', async () => {
    const h = await demo();
    const original = h.runner.run.bind(h.runner);
    h.runner.run = async (file, args, opts) => {
      if (file.endsWith('/tuning')) throw new ExecError(`${file} timed out after ${opts?.timeoutMs} ms`, file, 'timeout');
      return original(file, args, opts);
    };
    await expect(h.run('add', 'demo', NETNS, { ...CAPS, PLEXUS_CNICTL_TIMEOUT_MS: '500' })).rejects.toThrow(
      'plugin type="tuning" failed (add): plugin "tuning" timed out; ADD took longer than 500 ms',
    );
    expect(h.runner.calls[0]!.opts.timeoutMs).toBe(500);
  });
});

describe('cnictl del', () => {
  it('runs the chain in reverse with the cached result as prevResult, then removes the cache', async () => {
    const h = await demo();
    const added = JSON.parse(await h.run('add', 'demo', NETNS, CAPS));
    h.runner.calls.length = 0;
    await h.run('del', 'demo', NETNS, CAPS);
    expect(h.order()).toEqual(['portmap DEL', 'tuning DEL', 'bridge DEL']);
    for (const c of h.calls()) expect(c.stdin.prevResult).toEqual(added);
    expect(h.calls()[1]!.stdin.runtimeConfig).toEqual({ mac: '02:50:00:00:00:0a' });
    expect(await h.cacheFiles()).toEqual([]);
  });

  it('runs again without prevResult once the cache is gone (DEL twice)', async () => {
    const h = await demo();
    await h.run('add', 'demo', NETNS, CAPS);
    await h.run('del', 'demo', NETNS);
    h.runner.calls.length = 0;
    await h.run('del', 'demo', NETNS);
    expect(h.order()).toEqual(['portmap DEL', 'tuning DEL', 'bridge DEL']);
    expect(h.calls().every((c) => !('prevResult' in c.stdin))).toBe(true);
  });

  it('keeps the cache when a plugin fails, so the retry gets the same prevResult', async () => {
    const h = await demo();
    await h.run('add', 'demo', NETNS, CAPS);
    h.plugin('tuning', (c) => (c.command === 'DEL' ? failWith(11, 'try again') : tuning(c)));
    h.runner.calls.length = 0;
    await expect(h.run('del', 'demo', NETNS)).rejects.toThrow('plugin type="tuning" failed (delete): try again');
    expect(h.order()).toEqual(['portmap DEL', 'tuning DEL']);
    expect(await h.cacheFiles()).toEqual([`demo-${CID}-eth0`]);
  });

  it('deletes an unreadable cache and goes on without prevResult', async () => {
    const h = await demo();
    await h.fs.writeAtomic(CACHE, '{"kind":"cniCacheV1","result":{"cniVersion":"7.7.7"}}');
    await h.run('del', 'demo', NETNS);
    expect(h.calls().map((c) => 'prevResult' in c.stdin)).toEqual([false, false, false]);
    expect(await h.cacheFiles()).toEqual([]);
  });

  it('sends no prevResult below 0.4.0', async () => {
    const h = await demo('0.3.1');
    await h.fs.writeAtomic(CACHE, JSON.stringify({ kind: 'cniCacheV1', containerId: CID, ifName: 'eth0', networkName: 'demo', result: bridgeResult }));
    await h.run('del', 'demo', NETNS);
    expect(h.calls().map((c) => 'prevResult' in c.stdin)).toEqual([false, false, false]);
  });
});

describe('cnictl check', () => {
  it('runs forward with the cached result converted to the list version', async () => {
    const h = await demo('0.4.0');
    await h.fs.writeAtomic(CACHE, JSON.stringify({ kind: 'cniCacheV1', containerId: CID, ifName: 'eth0', networkName: 'demo', result: bridgeResult }));
    await h.run('check', 'demo', NETNS);
    expect(h.order()).toEqual(['bridge CHECK', 'tuning CHECK', 'portmap CHECK']);
    const prev = h.calls()[0]!.stdin.prevResult as { cniVersion: string; ips: Array<{ version: string }> };
    expect(prev.cniVersion).toBe('0.4.0');
    expect(prev.ips[0]!.version).toBe('4');
  });

  it('reads the legacy cache format (the bare result)', async () => {
    const h = await demo();
    await h.fs.writeAtomic(CACHE, JSON.stringify(bridgeResult));
    await h.run('check', 'demo', NETNS);
    expect(h.calls()[0]!.stdin.prevResult).toEqual(bridgeResult);
  });

  it('fails on an unreadable cache, and on a plugin error with the plugin named', async () => {
    const h = await demo();
    await h.fs.writeAtomic(CACHE, 'garbage');
    await expect(h.run('check', 'demo', NETNS)).rejects.toThrow(/^failed to get network "demo" cached result: /);
    await h.run('add', 'demo', NETNS, CAPS);
    h.plugin('bridge', (c) => (c.command === 'CHECK' ? failWith(999, 'Expected Route not found') : bridgeResult));
    await expect(h.run('check', 'demo', NETNS)).rejects.toThrow('plugin type="bridge" failed (check): Expected Route not found');
  });

  it('is refused below 0.4.0 and skipped with disableCheck', async () => {
    const old = await demo('0.3.1');
    await expect(old.run('check', 'demo', NETNS)).rejects.toThrow('configuration version "0.3.1" does not support the CHECK command');
    const off = await demo('1.0.0', { disableCheck: 'true' });
    await off.run('check', 'demo', NETNS);
    expect(off.order()).toEqual([]);
  });
});

describe('cnictl status', () => {
  it('asks each plugin in order from 1.1.0, with empty attachment variables and no runtimeConfig', async () => {
    const h = await demo('1.1.0');
    await h.run('status', 'demo', undefined, CAPS);
    expect(h.order()).toEqual(['bridge STATUS', 'tuning STATUS', 'portmap STATUS']);
    expect(h.calls()[1]!.env).toMatchObject({ CNI_CONTAINERID: '', CNI_NETNS: '', CNI_IFNAME: '', CNI_ARGS: '' });
    expect(h.calls()[1]!.stdin).toEqual({ capabilities: { mac: true }, cniVersion: '1.1.0', name: 'demo', type: 'tuning' });
  });

  it('succeeds without running anything below 1.1.0, and reports the first failure', async () => {
    const old = await demo('1.0.0');
    await old.run('status', 'demo');
    expect(old.order()).toEqual([]);
    const h = await demo('1.1.0');
    h.plugin('tuning', () => failWith(50, 'plugin not available'));
    await expect(h.run('status', 'demo')).rejects.toThrow('plugin type="tuning" failed (status): plugin not available');
    expect(h.order()).toEqual(['bridge STATUS', 'tuning STATUS']);
  });
});

describe('cnictl gc', () => {
  async function withAttachments() {
    const h = await demo('1.1.0');
    await h.conf('20-other.conflist', { cniVersion: '1.1.0', name: 'other', plugins: [{ type: 'bridge' }] });
    await h.run('add', 'demo', '/var/run/netns/a', { CAP_ARGS: '{"mac":"02:00:00:00:00:0a"}', CNI_ARGS: 'IgnoreUnknown=1' });
    await h.run('add', 'demo', '/var/run/netns/b', CAPS);
    await h.run('add', 'other', '/var/run/netns/c', CAPS);
    h.runner.calls.length = 0;
    return h;
  }

  it('DELs every cached attachment of this network not listed as valid, with its cached parameters, then GCs each plugin', async () => {
    const h = await withAttachments();
    const keep = `${containerIdForNetns('/var/run/netns/b')}/eth0`;
    await h.run('gc', 'demo', undefined, {}, keep);
    expect(h.order()).toEqual(['portmap DEL', 'tuning DEL', 'bridge DEL', 'bridge GC', 'tuning GC', 'portmap GC']);
    const del = h.calls()[1]!;
    expect(del.env).toMatchObject({ CNI_CONTAINERID: containerIdForNetns('/var/run/netns/a'), CNI_NETNS: '/var/run/netns/a', CNI_ARGS: 'IgnoreUnknown=1' });
    expect(del.stdin.runtimeConfig).toEqual({ mac: '02:00:00:00:00:0a' });
    expect(del.stdin.prevResult).toBeDefined();
    const gc = h.calls()[3]!;
    const valid = [{ containerID: containerIdForNetns('/var/run/netns/b'), ifname: 'eth0' }];
    expect(gc.stdin['cni.dev/valid-attachments']).toEqual(valid);
    expect(gc.stdin['cni.dev/attachments']).toEqual(valid);
    expect(gc.env).toMatchObject({ CNI_COMMAND: 'GC', CNI_CONTAINERID: '', CNI_NETNS: '', CNI_IFNAME: '' });
    expect(await h.cacheFiles()).toEqual([
      `demo-${containerIdForNetns('/var/run/netns/b')}-eth0`,
      `other-${containerIdForNetns('/var/run/netns/c')}-eth0`,
    ]);
  });

  it('goes on past errors and reports them all', async () => {
    const h = await withAttachments();
    h.plugin('portmap', (c) => (c.command === 'DEL' || c.command === 'GC' ? failWith(11, `${c.command} broke`) : undefined));
    // Attachments are visited in cache-file name order, i.e. by container id.
    const ids = ['/var/run/netns/a', '/var/run/netns/b'].map(containerIdForNetns).sort();
    await expect(h.run('gc', 'demo')).rejects.toThrow(
      [
        ...ids.map((id) => `failed to delete stale attachment ${id} eth0: plugin type="portmap" failed (delete): DEL broke`),
        'plugin type="portmap" failed (gc): GC broke',
      ].join('\n'),
    );
    expect(h.order().filter((o) => o.endsWith('GC'))).toEqual(['bridge GC', 'tuning GC', 'portmap GC']);
  });

  it('only DELs below 1.1.0, and does nothing with disableGC', async () => {
    const h = await demo('1.0.0');
    await h.run('add', 'demo', NETNS, CAPS);
    h.runner.calls.length = 0;
    await h.run('gc', 'demo');
    expect(h.order()).toEqual(['portmap DEL', 'tuning DEL', 'bridge DEL']);
    const off = await demo('1.1.0', { disableGC: true });
    await off.run('add', 'demo', NETNS, CAPS);
    off.runner.calls.length = 0;
    await off.run('gc', 'demo');
    expect(off.order()).toEqual([]);
    expect(await off.cacheFiles()).toHaveLength(1);
  });
});
