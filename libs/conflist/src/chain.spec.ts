import { CniError, type Result } from '@plexus/cni-spec';
import { FakeDelegator } from '@plexus/invoke/testing';
import { MemoryFileStore } from '@plexus/store/testing';
import { addNetworkList } from './add-network-list';
import { checkNetworkList } from './check-network-list';
import { parseConfList } from './conf-list';
import { delNetworkList } from './del-network-list';
import { gcNetworkList } from './gc-network-list';
import { ResultCache } from './result-cache';
import type { RuntimeConf } from './runtime-conf';
import { statusNetworkList } from './status-network-list';
import { fakeChainDeps, seenCalls } from './testing';

const NETNS = '/var/run/netns/demo';
const RT: RuntimeConf = { containerId: 'ctr1', netns: NETNS, ifName: 'eth0', cniArgs: [['IgnoreUnknown', '1']], capabilityArgs: { mac: '02:50:00:00:00:0a' } };

const bridgeResult: Result = {
  cniVersion: '1.1.0',
  interfaces: [{ name: 'br0', mac: 'aa:00:00:00:00:01' }, { name: 'eth0', mac: 'aa:00:00:00:00:02', sandbox: NETNS }],
  ips: [{ address: '10.250.0.10/24', gateway: '10.250.0.1', interface: 1 }],
  routes: [{ dst: '10.251.0.0/16', gw: '10.250.0.1' }],
  dns: {},
};

function demoList(version = '1.0.0', extra: Record<string, unknown> = {}) {
  return parseConfList(
    JSON.stringify({
      cniVersion: version,
      name: 'demo',
      ...extra,
      plugins: [
        { type: 'bridge', bridge: 'br0', capabilities: { ips: true }, ipam: { type: 'static' } },
        { type: 'tuning', capabilities: { mac: true } },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    }),
  );
}

/** A delegator scripted like a bridge → tuning (sets the mac from runtimeConfig) → portmap (pass-through) chain. */
function demoDelegator(): FakeDelegator {
  const echo = (req: { stdin: string }): Result => (JSON.parse(req.stdin) as { prevResult: Result }).prevResult;
  return new FakeDelegator()
    .onAdd('bridge', bridgeResult)
    .onAdd('tuning', (req) => {
      const stdin = JSON.parse(req.stdin) as { prevResult: Result; runtimeConfig: { mac: string } };
      const r = structuredClone(stdin.prevResult);
      r.interfaces![1]!.mac = stdin.runtimeConfig.mac;
      return r;
    })
    .onAdd('portmap', echo);
}

describe('addNetworkList', () => {
  it('runs the chain in order, threading each result (in the list version) into the next plugin as prevResult', async () => {
    const d = demoDelegator();
    const out = await addNetworkList(fakeChainDeps(d), demoList(), RT);
    expect(d.commands()).toEqual(['bridge ADD', 'tuning ADD', 'portmap ADD']);
    const [b, t, p] = seenCalls(d);
    expect(b!.stdin).toEqual({ bridge: 'br0', capabilities: { ips: true }, cniVersion: '1.0.0', ipam: { type: 'static' }, name: 'demo', type: 'bridge' });
    expect(t!.stdin.prevResult).toEqual({ ...bridgeResult, cniVersion: '1.0.0' });
    expect(t!.stdin.runtimeConfig).toEqual({ mac: '02:50:00:00:00:0a' });
    expect((p!.stdin.prevResult as Result).interfaces![1]!.mac).toBe('02:50:00:00:00:0a');
    expect(out).toMatchObject({ cniVersion: '1.0.0', interfaces: [{}, { mac: '02:50:00:00:00:0a' }] });
  });

  it('gives every plugin the six CNI_* variables on top of the caller environment, and the timeout', async () => {
    const d = demoDelegator();
    await addNetworkList(fakeChainDeps(d, { baseEnv: { PATH: '/usr/bin', CNI_COMMAND: 'ADD', CNI_IFNAME: 'stale' }, timeoutMs: 1234, cniPath: ['/a', '/b'] }), demoList(), { ...RT, ifName: 'net1' });
    expect(d.calls[0]!.env).toEqual({
      PATH: '/usr/bin',
      CNI_COMMAND: 'ADD',
      CNI_CONTAINERID: 'ctr1',
      CNI_NETNS: NETNS,
      CNI_ARGS: 'IgnoreUnknown=1',
      CNI_IFNAME: 'net1',
      CNI_PATH: '/a:/b',
    });
    expect(d.calls[0]!.timeoutMs).toBe(1234);
  });

  it('converts each result to the list version, so a 0.4.0 list hands 0.4.0 prevResults on', async () => {
    const d = demoDelegator();
    const out = await addNetworkList(fakeChainDeps(d), demoList('0.4.0'), RT);
    expect((seenCalls(d)[1]!.stdin.prevResult as { ips: Array<{ version: string }> }).ips[0]!.version).toBe('4');
    expect(out.cniVersion).toBe('0.4.0');
  });

  it('stops at the first failure with libcni\'s message and the plugin\'s own code, and runs no DEL', async () => {
    const d = demoDelegator().onAdd('tuning', new CniError(11, 'busy', 'try later'));
    await expect(addNetworkList(fakeChainDeps(d), demoList(), RT)).rejects.toMatchObject({
      code: 11,
      message: 'plugin type="tuning" failed (add): busy; try later',
    });
    expect(d.commands()).toEqual(['bridge ADD', 'tuning ADD']);
  });

  it('rejects an unusable ifname or container id before running anything', async () => {
    const d = demoDelegator();
    await expect(addNetworkList(fakeChainDeps(d), demoList(), { ...RT, ifName: 'a-name-that-is-too-long' })).rejects.toThrow(/failed \(add\): invalid CNI_IFNAME/);
    await expect(addNetworkList(fakeChainDeps(d), demoList(), { ...RT, ifName: '' })).rejects.toThrow('plugin type="bridge" failed (add): invalid CNI_IFNAME');
    await expect(addNetworkList(fakeChainDeps(d), demoList(), { ...RT, containerId: '../etc' })).rejects.toThrow(/invalid CNI_CONTAINERID/);
    expect(d.calls).toHaveLength(0);
  });

  it('caches the final result when given a cache (file 0600, libcni\'s fields), and not when the chain failed', async () => {
    const fs = new MemoryFileStore();
    const cache = new ResultCache(fs, '/var/lib/cni');
    const out = await addNetworkList(fakeChainDeps(demoDelegator(), { cache }), demoList(), RT);
    expect(await fs.list('/var/lib/cni/results')).toEqual(['demo-ctr1-eth0']);
    const file = fs.files.get('/var/lib/cni/results/demo-ctr1-eth0')!;
    expect(file.mode).toBe(0o600);
    const cached = JSON.parse(file.data);
    expect(Object.keys(cached)).toEqual(['kind', 'containerId', 'config', 'ifName', 'networkName', 'netns', 'cniArgs', 'capabilityArgs', 'result']);
    expect(cached).toMatchObject({ kind: 'cniCacheV1', containerId: 'ctr1', ifName: 'eth0', networkName: 'demo', netns: NETNS, cniArgs: [['IgnoreUnknown', '1']], capabilityArgs: { mac: '02:50:00:00:00:0a' } });
    expect(cached.result).toEqual(out);
    expect(Buffer.from(cached.config, 'base64').toString()).toBe(demoList().bytes);
    const failing = demoDelegator().onAdd('portmap', new CniError(7, 'nope'));
    await expect(addNetworkList(fakeChainDeps(failing, { cache }), demoList(), { ...RT, ifName: 'net9' })).rejects.toThrow('failed (add): nope');
    expect(await fs.list('/var/lib/cni/results')).toEqual(['demo-ctr1-eth0']);
  });
});

describe('delNetworkList', () => {
  it('runs the chain in reverse with the given final result as prevResult, in the list version', async () => {
    const d = new FakeDelegator();
    await delNetworkList(fakeChainDeps(d), demoList('0.4.0'), RT, { prevResult: bridgeResult });
    expect(d.commands()).toEqual(['portmap DEL', 'tuning DEL', 'bridge DEL']);
    for (const c of seenCalls(d)) expect((c.stdin.prevResult as { cniVersion: string }).cniVersion).toBe('0.4.0');
    expect(seenCalls(d)[1]!.stdin.runtimeConfig).toEqual({ mac: '02:50:00:00:00:0a' });
  });

  it('sends no prevResult below 0.4.0, or when the given one cannot be converted', async () => {
    const d = new FakeDelegator();
    await delNetworkList(fakeChainDeps(d), demoList('0.3.1'), RT, { prevResult: bridgeResult });
    await delNetworkList(fakeChainDeps(d), demoList('1.0.0'), RT, { prevResult: { cniVersion: '7.7.7' } });
    expect(seenCalls(d).map((c) => 'prevResult' in c.stdin)).toEqual([false, false, false, false, false, false]);
  });

  it('with a cache: reads the result back, removes the entry on success, keeps it when a plugin fails', async () => {
    const fs = new MemoryFileStore();
    const cache = new ResultCache(fs, '/c');
    const added = await addNetworkList(fakeChainDeps(demoDelegator(), { cache }), demoList(), RT);
    const failing = new FakeDelegator().on('tuning', 'DEL', new CniError(11, 'try again'));
    await expect(delNetworkList(fakeChainDeps(failing, { cache }), demoList(), RT)).rejects.toMatchObject({ code: 11, message: 'plugin type="tuning" failed (delete): try again' });
    expect(failing.commands()).toEqual(['portmap DEL', 'tuning DEL']);
    expect(await fs.list('/c/results')).toHaveLength(1);
    const ok = new FakeDelegator();
    await delNetworkList(fakeChainDeps(ok, { cache }), demoList(), RT);
    for (const c of seenCalls(ok)) expect(c.stdin.prevResult).toEqual(added);
    expect(await fs.list('/c/results')).toEqual([]);
  });

  it('with a cache: runs again without prevResult once the entry is gone (DEL twice), and sends none below 0.4.0', async () => {
    const fs = new MemoryFileStore();
    const cache = new ResultCache(fs, '/c');
    await addNetworkList(fakeChainDeps(demoDelegator(), { cache }), demoList(), RT);
    await delNetworkList(fakeChainDeps(new FakeDelegator(), { cache }), demoList(), RT);
    const again = new FakeDelegator();
    await delNetworkList(fakeChainDeps(again, { cache }), demoList(), RT);
    expect(again.commands()).toEqual(['portmap DEL', 'tuning DEL', 'bridge DEL']);
    expect(seenCalls(again).every((c) => !('prevResult' in c.stdin))).toBe(true);
    await fs.writeAtomic('/c/results/demo-ctr1-eth0', JSON.stringify({ kind: 'cniCacheV1', containerId: 'ctr1', ifName: 'eth0', networkName: 'demo', result: bridgeResult }));
    const old = new FakeDelegator();
    await delNetworkList(fakeChainDeps(old, { cache }), demoList('0.3.1'), RT);
    expect(seenCalls(old).map((c) => 'prevResult' in c.stdin)).toEqual([false, false, false]);
  });

  it('with a cache: an unreadable entry fails DEL before any plugin runs and is kept (libcni returns the error)', async () => {
    const fs = new MemoryFileStore();
    const bad = '{"kind":"cniCacheV1","result":{"cniVersion":"7.7.7"}}';
    await fs.writeAtomic('/c/results/demo-ctr1-eth0', bad);
    const d = new FakeDelegator();
    await expect(delNetworkList(fakeChainDeps(d, { cache: new ResultCache(fs, '/c') }), demoList(), RT)).rejects.toMatchObject({
      code: 6,
      message: expect.stringMatching(/^failed to get network "demo" cached result: .*\/c\/results\/demo-ctr1-eth0.*the cache entry is kept/),
    });
    expect(d.calls).toHaveLength(0);
    expect(await fs.read('/c/results/demo-ctr1-eth0')).toBe(bad);
  });

  it('with a cache: refuses names that would leave the cache dir (nothing run, nothing removed)', async () => {
    const fs = new MemoryFileStore();
    await fs.writeAtomic('/etc/victim', 'keep');
    const cache = new ResultCache(fs, '/c');
    for (const rt of [{ ...RT, ifName: 'x/../../../etc/victim' }, { ...RT, containerId: '../../etc/victim' }]) {
      const d = new FakeDelegator();
      await expect(delNetworkList(fakeChainDeps(d, { cache }), demoList(), rt)).rejects.toMatchObject({ code: 4 });
      expect(d.calls).toHaveLength(0);
    }
    await expect(delNetworkList(fakeChainDeps(new FakeDelegator(), { cache }), { ...demoList(), name: '../../etc' }, RT)).rejects.toMatchObject({ code: 7, message: 'invalid network name "../../etc"' });
    expect(await fs.read('/etc/victim')).toBe('keep');
  });

  it('with a cache: an over-long container id gets a hashed file name that ADD, DEL and GC share', async () => {
    const fs = new MemoryFileStore();
    const cache = new ResultCache(fs, '/c');
    const rt = { ...RT, containerId: 'c'.repeat(300) };
    await addNetworkList(fakeChainDeps(demoDelegator(), { cache }), demoList(), rt);
    const [name] = await fs.list('/c/results');
    expect(name).toMatch(/^_sha256-[0-9a-f]{64}$/);
    expect(JSON.parse((await fs.read(`/c/results/${name}`))!)).toMatchObject({ containerId: rt.containerId, ifName: 'eth0', networkName: 'demo' });
    expect((await cache.listAttachments()).map((a) => a.containerId)).toEqual([rt.containerId]);
    const d = new FakeDelegator();
    await delNetworkList(fakeChainDeps(d, { cache }), demoList(), rt);
    expect(seenCalls(d).every((c) => 'prevResult' in c.stdin)).toBe(true);
    expect(await fs.list('/c/results')).toEqual([]);
  });
});

describe('checkNetworkList', () => {
  it('runs forward with the final result converted to the list version', async () => {
    const d = new FakeDelegator();
    await checkNetworkList(fakeChainDeps(d), demoList('0.4.0'), RT, { prevResult: bridgeResult });
    expect(d.commands()).toEqual(['bridge CHECK', 'tuning CHECK', 'portmap CHECK']);
    expect((seenCalls(d)[0]!.stdin.prevResult as { ips: Array<{ version: string }> }).ips[0]!.version).toBe('4');
  });

  it('is refused below 0.4.0 (code 1), skipped with disableCheck, and names a failing plugin', async () => {
    const d = new FakeDelegator().on('bridge', 'CHECK', new CniError(999, 'Expected Route not found'));
    await expect(checkNetworkList(fakeChainDeps(d), demoList('0.3.1'), RT)).rejects.toMatchObject({ code: 1, message: 'configuration version "0.3.1" does not support the CHECK command' });
    await checkNetworkList(fakeChainDeps(d), demoList('1.0.0', { disableCheck: 'true' }), RT);
    expect(d.calls).toHaveLength(0);
    await expect(checkNetworkList(fakeChainDeps(d), demoList(), RT, { prevResult: bridgeResult })).rejects.toThrow('plugin type="bridge" failed (check): Expected Route not found');
  });

  it('with a cache: converts the cached result to the list version, and reads the legacy format (the bare result)', async () => {
    const fs = new MemoryFileStore();
    const cache = new ResultCache(fs, '/c');
    await fs.writeAtomic('/c/results/demo-ctr1-eth0', JSON.stringify({ kind: 'cniCacheV1', containerId: 'ctr1', ifName: 'eth0', networkName: 'demo', result: bridgeResult }));
    const d = new FakeDelegator();
    await checkNetworkList(fakeChainDeps(d, { cache }), demoList('0.4.0'), RT);
    expect(d.commands()).toEqual(['bridge CHECK', 'tuning CHECK', 'portmap CHECK']);
    expect(seenCalls(d)[0]!.stdin.prevResult).toMatchObject({ cniVersion: '0.4.0', ips: [{ version: '4' }] });
    const legacy = { ...bridgeResult, cniVersion: '1.0.0' };
    await fs.writeAtomic('/c/results/demo-ctr1-eth0', JSON.stringify(legacy));
    const l = new FakeDelegator();
    await checkNetworkList(fakeChainDeps(l, { cache }), demoList('1.0.0'), RT);
    expect(seenCalls(l)[0]!.stdin.prevResult).toEqual(legacy);
  });

  it('fails on a cached result that cannot be read', async () => {
    const fs = new MemoryFileStore();
    await fs.writeAtomic('/c/results/demo-ctr1-eth0', 'garbage');
    await expect(checkNetworkList(fakeChainDeps(new FakeDelegator(), { cache: new ResultCache(fs, '/c') }), demoList(), RT)).rejects.toThrow(/^failed to get network "demo" cached result: /);
  });
});

describe('statusNetworkList', () => {
  it('asks each plugin in order from 1.1.0, with empty attachment variables and no runtimeConfig', async () => {
    const d = new FakeDelegator();
    await statusNetworkList(fakeChainDeps(d), demoList('1.1.0'));
    expect(d.commands()).toEqual(['bridge STATUS', 'tuning STATUS', 'portmap STATUS']);
    expect(d.calls[1]!.env).toMatchObject({ CNI_CONTAINERID: '', CNI_NETNS: '', CNI_IFNAME: '', CNI_ARGS: '' });
    expect(seenCalls(d)[1]!.stdin).toEqual({ capabilities: { mac: true }, cniVersion: '1.1.0', name: 'demo', type: 'tuning' });
  });

  it('succeeds without running anything below 1.1.0, and reports the first failure with its code', async () => {
    const d = new FakeDelegator().on('tuning', 'STATUS', new CniError(50, 'plugin not available'));
    await statusNetworkList(fakeChainDeps(d), demoList('1.0.0'));
    expect(d.calls).toHaveLength(0);
    await expect(statusNetworkList(fakeChainDeps(d), demoList('1.1.0'))).rejects.toMatchObject({ code: 50, message: 'plugin type="tuning" failed (status): plugin not available' });
    expect(d.commands()).toEqual(['bridge STATUS', 'tuning STATUS']);
  });
});

describe('gcNetworkList', () => {
  const valid = [{ containerID: 'keep', ifname: 'eth0' }];

  it('DELs the stale attachments it is given with their parameters, then GCs each plugin with the valid list', async () => {
    const d = new FakeDelegator();
    const stale = { rt: { ...RT, containerId: 'gone', cniArgs: [['K', 'V']] as Array<[string, string]> }, prevResult: bridgeResult };
    await gcNetworkList(fakeChainDeps(d), demoList('1.1.0'), valid, { stale: [stale] });
    expect(d.commands()).toEqual(['portmap DEL', 'tuning DEL', 'bridge DEL', 'bridge GC', 'tuning GC', 'portmap GC']);
    expect(d.calls[1]!.env).toMatchObject({ CNI_CONTAINERID: 'gone', CNI_ARGS: 'K=V' });
    const gc = seenCalls(d)[3]!;
    expect(gc.stdin['cni.dev/valid-attachments']).toEqual(valid);
    expect(gc.stdin['cni.dev/attachments']).toEqual(valid);
    expect(gc.env).toMatchObject({ CNI_COMMAND: 'GC', CNI_CONTAINERID: '', CNI_NETNS: '', CNI_IFNAME: '' });
  });

  /** cachedAttachments adds `keep` and `gone` to network demo and `other` to another network, in one cache. */
  async function cachedAttachments(version: string) {
    const fs = new MemoryFileStore();
    const cache = new ResultCache(fs, '/c');
    const gone = { ...RT, containerId: 'gone', netns: '/var/run/netns/gone', cniArgs: [['K', 'V']] as Array<[string, string]>, capabilityArgs: { mac: '02:00:00:00:00:0b' } };
    await addNetworkList(fakeChainDeps(demoDelegator(), { cache }), demoList(version), { ...RT, containerId: 'keep' });
    await addNetworkList(fakeChainDeps(demoDelegator(), { cache }), demoList(version), gone);
    const other = parseConfList(JSON.stringify({ cniVersion: version, name: 'other', plugins: [{ type: 'bridge' }] }));
    await addNetworkList(fakeChainDeps(demoDelegator(), { cache }), other, { ...RT, containerId: 'other' });
    return { fs, cache };
  }

  it('with a cache: DELs every cached attachment of this network that is not valid, with its cached parameters', async () => {
    const { fs, cache } = await cachedAttachments('1.1.0');
    const d = new FakeDelegator();
    await gcNetworkList(fakeChainDeps(d, { cache }), demoList('1.1.0'), valid);
    expect(d.commands()).toEqual(['portmap DEL', 'tuning DEL', 'bridge DEL', 'bridge GC', 'tuning GC', 'portmap GC']);
    expect(d.calls[1]!.env).toMatchObject({ CNI_CONTAINERID: 'gone', CNI_NETNS: '/var/run/netns/gone', CNI_ARGS: 'K=V', CNI_IFNAME: 'eth0' });
    expect(seenCalls(d)[1]!.stdin.runtimeConfig).toEqual({ mac: '02:00:00:00:00:0b' });
    expect(seenCalls(d)[1]!.stdin.prevResult).toMatchObject({ interfaces: [{}, { mac: '02:00:00:00:00:0b' }] });
    expect(await fs.list('/c/results')).toEqual(['demo-keep-eth0', 'other-other-eth0']);
  });

  it('with a cache: reports DEL failures in cache-file order; below 1.1.0 only DELs; disableGC keeps every entry', async () => {
    const { cache } = await cachedAttachments('1.1.0');
    const d = new FakeDelegator().on('portmap', 'DEL', new CniError(11, 'DEL broke'));
    await expect(gcNetworkList(fakeChainDeps(d, { cache }), demoList('1.1.0'), [])).rejects.toThrow(
      [
        'failed to delete stale attachment gone eth0: plugin type="portmap" failed (delete): DEL broke',
        'failed to delete stale attachment keep eth0: plugin type="portmap" failed (delete): DEL broke',
      ].join('\n'),
    );
    expect(d.commands().filter((c) => c.endsWith('GC'))).toEqual(['bridge GC', 'tuning GC', 'portmap GC']);
    const old = await cachedAttachments('1.0.0');
    const o = new FakeDelegator();
    await gcNetworkList(fakeChainDeps(o, { cache: old.cache }), demoList('1.0.0'), valid);
    expect(o.commands()).toEqual(['portmap DEL', 'tuning DEL', 'bridge DEL']);
    const off = await cachedAttachments('1.1.0');
    const f = new FakeDelegator();
    await gcNetworkList(fakeChainDeps(f, { cache: off.cache }), demoList('1.1.0', { disableGC: true }), []);
    expect(f.calls).toHaveLength(0);
    expect(await off.fs.list('/c/results')).toHaveLength(3);
  });

  it('goes on past errors and reports them all, and does nothing with disableGC; below 1.1.0 only DELs', async () => {
    const d = new FakeDelegator().on('portmap', 'DEL', new CniError(11, 'DEL broke')).on('portmap', 'GC', new CniError(7, 'GC broke'));
    const stale = [{ rt: { ...RT, containerId: 'a' } }, { rt: { ...RT, containerId: 'b' } }];
    await expect(gcNetworkList(fakeChainDeps(d), demoList('1.1.0'), [], { stale })).rejects.toMatchObject({
      code: 11,
      message: [
        'failed to delete stale attachment a eth0: plugin type="portmap" failed (delete): DEL broke',
        'failed to delete stale attachment b eth0: plugin type="portmap" failed (delete): DEL broke',
        'plugin type="portmap" failed (gc): GC broke',
      ].join('\n'),
    });
    const off = new FakeDelegator();
    await gcNetworkList(fakeChainDeps(off), demoList('1.1.0', { disableGC: true }), [], { stale });
    expect(off.calls).toHaveLength(0);
    const old = new FakeDelegator();
    await gcNetworkList(fakeChainDeps(old), demoList('1.0.0'), [], { stale: [stale[0]!] });
    expect(old.commands()).toEqual(['portmap DEL', 'tuning DEL', 'bridge DEL']);
  });
});
