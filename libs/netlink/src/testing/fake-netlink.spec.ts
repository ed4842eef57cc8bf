import { LinkNotFoundError, NetlinkError, NetnsNotFoundError, NotANetnsError, RouteNotFoundError, RuleNotFoundError, batchIndexOf } from '../errors';
import type { NetlinkOp } from '../ops';
import { FakeNetlink } from './fake-netlink';

const POD = '/var/run/netns/pod';

/** podWithEth0 builds a pod netns with eth0 (veth to the host) carrying v4 and v6 addresses. */
async function podWithEth0(opts: ConstructorParameters<typeof FakeNetlink>[0] = {}): Promise<FakeNetlink> {
  const nl = new FakeNetlink({ ...opts, netns: [POD] });
  await nl.host().addVeth('veth0', 'eth0', nl.pod(POD));
  await nl.pod(POD).addAddr('eth0', '10.0.0.5/24');
  await nl.pod(POD).addAddr('eth0', 'fd00::5/64');
  await nl.pod(POD).setLinkUp('eth0');
  return nl;
}

describe('FakeNetlink: namespaces and links', () => {
  it('knows which namespaces exist and are namespaces', async () => {
    const nl = new FakeNetlink({ netns: [POD] }).markNotANetns('/tmp/file');
    await expect(nl.checkNetns(POD)).resolves.toBeUndefined();
    await expect(nl.checkNetns('/nope')).rejects.toEqual(new NetnsNotFoundError('/nope'));
    await expect(nl.checkNetns('/tmp/file')).rejects.toEqual(new NotANetnsError('/tmp/file'));
    await expect(nl.pod('/nope').listLinks()).rejects.toBeInstanceOf(NetnsNotFoundError);
    expect((await nl.pod(POD).listLinks()).map((l) => l.name)).toEqual(['lo']);
  });

  it('creates veth pairs across namespaces and deletes both ends together', async () => {
    const nl = await podWithEth0();
    const eth0 = await nl.pod(POD).getLink('eth0');
    const veth0 = await nl.host().getLink('veth0');
    expect(eth0).toMatchObject({ kind: 'veth', parentIndex: veth0.index, up: true });
    await nl.host().deleteLink('veth0');
    expect(await nl.pod(POD).findLink('eth0')).toBeUndefined();
    expect(nl.snapshot(POD).addrs).toEqual([]);
    expect(nl.snapshot(POD).routes).toEqual([]);
  });

  it('refuses duplicate names and unknown links like the kernel', async () => {
    const nl = await podWithEth0();
    await expect(nl.host().addBridge('veth0')).rejects.toMatchObject({ kind: 'exists' });
    await expect(nl.pod(POD).setLinkUp('eth9')).rejects.toEqual(new LinkNotFoundError('eth9', POD));
    await expect(nl.pod(POD).deleteLink('lo')).rejects.toMatchObject({ kind: 'not-supported' });
  });

  it('creates an ipvlan on a master, in the target netns, and removes it with the master', async () => {
    const nl = new FakeNetlink({ netns: [POD] });
    await nl.host().addDummy('ens3');
    await nl.host().setLinkMtu('ens3', 9000);
    await nl.host().addIpvlan({ name: 'tmp0', master: 'ens3', mode: 'l3s', into: nl.pod(POD) });
    expect(await nl.pod(POD).getLink('tmp0')).toMatchObject({ kind: 'ipvlan', ipvlanMode: 'l3s', mtu: 9000 });
    await expect(nl.host().addIpvlan({ name: 'x', master: 'ens9', mode: 'l2' })).rejects.toBeInstanceOf(LinkNotFoundError);
    await expect(nl.pod(POD).setLinkMtu('tmp0', 65536)).rejects.toMatchObject({ kind: 'invalid' });
    // Like Linux 6.1: the ipvlan follows a change of its master's MTU.
    await nl.host().setLinkMtu('ens3', 1400);
    expect(await nl.pod(POD).getLink('tmp0')).toMatchObject({ mtu: 1400 });
    await nl.host().deleteLink('ens3');
    expect(await nl.pod(POD).findLink('tmp0')).toBeUndefined();
  });

  it('can lack a link kind, like this machine lacks ipvlan and dummy', async () => {
    const nl = new FakeNetlink({ linkKinds: ['veth', 'bridge', 'macvlan'] });
    await nl.host().addBridge('br0');
    await expect(nl.host().addDummy('d0')).rejects.toMatchObject({ name: 'NetlinkError', kind: 'not-supported' });
    await expect(nl.host().addIpvlan({ name: 'i0', master: 'br0', mode: 'l2' })).rejects.toMatchObject({ kind: 'not-supported' });
  });

  it('moves a link (flushing its addresses, bringing it down) and refuses to rename it while up', async () => {
    const nl = new FakeNetlink({ netns: [POD] });
    await nl.host().addDummy('tmp1');
    await nl.host().addAddr('tmp1', '10.1.0.1/24');
    await nl.host().setLinkUp('tmp1');
    await nl.host().moveLink('tmp1', nl.pod(POD));
    expect(await nl.pod(POD).getLink('tmp1')).toMatchObject({ up: false });
    expect(await nl.pod(POD).listAddrs('tmp1')).toEqual([]);
    await nl.pod(POD).setLinkUp('tmp1');
    await expect(nl.pod(POD).renameLink('tmp1', 'eth0')).rejects.toThrow('Device or resource busy');
    await nl.pod(POD).setLinkDown('tmp1');
    await nl.pod(POD).renameLink('tmp1', 'eth0');
    expect((await nl.pod(POD).listLinks()).map((l) => l.name)).toEqual(['lo', 'eth0']);
  });

  it('enslaves to bridges only', async () => {
    const nl = new FakeNetlink();
    await nl.host().addBridge('br0');
    await nl.host().addVeth('v0', 'v1');
    await nl.host().setLinkMaster('v0', 'br0');
    expect(await nl.host().getLink('v0')).toMatchObject({ master: 'br0' });
    await expect(nl.host().setLinkMaster('v1', 'v0')).rejects.toMatchObject({ kind: 'not-supported' });
  });
});

describe('FakeNetlink: addresses and routes', () => {
  it('adds the connected route of an address and removes it with the address', async () => {
    const nl = await podWithEth0();
    expect(await nl.pod(POD).listRoutes(4)).toEqual([{ dst: '10.0.0.0/24', dev: 'eth0', table: 254, protocol: 'kernel', scope: 253, src: '10.0.0.5' }]);
    await expect(nl.pod(POD).addAddr('eth0', '10.0.0.5/24')).rejects.toMatchObject({ kind: 'exists' });
    await nl.pod(POD).deleteAddr('eth0', '10.0.0.5/24');
    expect(await nl.pod(POD).listRoutes(4)).toEqual([]);
    await expect(nl.pod(POD).deleteAddr('eth0', '10.0.0.5/24')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('needs a connected gateway, fills in dev and the IPv6 default metric', async () => {
    const nl = await podWithEth0();
    await expect(nl.pod(POD).addRoute({ dst: '10.9.0.0/16', gw: '192.168.1.1' })).rejects.toThrow('Nexthop has invalid gateway');
    await nl.pod(POD).addRoute({ dst: '10.9.0.0/16', gw: '10.0.0.1' });
    await nl.pod(POD).addRoute({ dst: 'fd00:9::/64', gw: 'fd00::1', table: 7 });
    await nl.pod(POD).addRoute({ dst: '192.168.9.0/24', gw: '192.168.1.1', dev: 'eth0', onlink: true });
    expect((await nl.pod(POD).listRoutes(4)).find((r) => r.dst === '10.9.0.0/16')).toEqual({ dst: '10.9.0.0/16', gw: '10.0.0.1', dev: 'eth0', table: 254, protocol: 'boot', scope: 0 });
    expect(await nl.pod(POD).listRoutes(6, { table: 7 })).toEqual([{ dst: 'fd00:9::/64', gw: 'fd00::1', dev: 'eth0', table: 7, metric: 1024, protocol: 'boot', scope: 0 }]);
    expect(await nl.pod(POD).listRoutes(6, { table: 8 })).toEqual([]);
  });

  it('refuses a duplicate (table, dst, metric), replaces in place, deletes the first match', async () => {
    const nl = await podWithEth0();
    await nl.pod(POD).addRoute({ dst: '0.0.0.0/0', gw: '10.0.0.1' });
    await expect(nl.pod(POD).addRoute({ dst: '0.0.0.0/0', gw: '10.0.0.2' })).rejects.toMatchObject({ kind: 'exists' });
    await nl.pod(POD).addRoute({ dst: '0.0.0.0/0', gw: '10.0.0.2', metric: 100 });
    await nl.pod(POD).replaceRoute({ dst: '0.0.0.0/0', gw: '10.0.0.3' });
    const defaults = (await nl.pod(POD).listRoutes(4)).filter((r) => r.dst === '0.0.0.0/0');
    expect(defaults.map((r) => [r.gw, r.metric])).toEqual([['10.0.0.2', 100], ['10.0.0.3', undefined]]);
    await expect(nl.pod(POD).deleteRoute({ dst: '0.0.0.0/0', gw: '10.0.0.9' })).rejects.toBeInstanceOf(RouteNotFoundError);
    await nl.pod(POD).deleteRoute({ dst: '0.0.0.0/0', metric: 100 });
    await nl.pod(POD).deleteRoute({ dst: '0.0.0.0/0' });
    await expect(nl.pod(POD).deleteRoute({ dst: '0.0.0.0/0' })).rejects.toBeInstanceOf(RouteNotFoundError);
  });

  it('models ECMP routes with weights and removes routes of a deleted link', async () => {
    const nl = await podWithEth0();
    await nl.pod(POD).addRoute({ dst: '10.8.0.0/16', table: 5, nexthops: [{ gw: '10.0.0.1' }, { gw: '10.0.0.2', weight: 3 }] });
    expect((await nl.pod(POD).listRoutes(4, { table: 5 }))[0]!.nexthops).toEqual([
      { gw: '10.0.0.1', dev: 'eth0', weight: 1 },
      { gw: '10.0.0.2', dev: 'eth0', weight: 3 },
    ]);
    await nl.pod(POD).deleteLink('eth0');
    expect(await nl.pod(POD).listRoutes(4, { table: 'all' })).toEqual([]);
  });
});

describe('FakeNetlink: rules and sysctls', () => {
  it('starts with the default rules and numbers new ones like the kernel', async () => {
    const nl = new FakeNetlink({ netns: [POD] });
    expect((await nl.pod(POD).listRules(4)).map((r) => [r.priority, r.table])).toEqual([[0, 255], [32766, 254], [32767, 253]]);
    await nl.pod(POD).addRule({ family: 4, from: '10.0.0.5/24', table: 100 });
    await nl.pod(POD).addRule({ family: 4, from: '10.0.0.5/24', table: 100 });
    await nl.pod(POD).addRule({ family: 6, from: 'fd00::5/64', table: 100, priority: 50 });
    await expect(nl.pod(POD).addRule({ family: 6, from: 'fd00::5/64', table: 100, priority: 50 })).rejects.toMatchObject({ kind: 'exists' });
    expect((await nl.pod(POD).listRules(4)).filter((r) => r.table === 100).map((r) => r.priority)).toEqual([32764, 32765]);
    await nl.pod(POD).deleteRule({ family: 4, from: '10.0.0.5/24', table: 100 });
    await nl.pod(POD).deleteRule({ family: 4, from: '10.0.0.5/24', table: 100 });
    await expect(nl.pod(POD).deleteRule({ family: 4, from: '10.0.0.5/24', table: 100 })).rejects.toBeInstanceOf(RuleNotFoundError);
    await expect(nl.pod(POD).deleteRule({ family: 6, from: 'fd00::5/64', table: 100, priority: 51 })).rejects.toBeInstanceOf(RuleNotFoundError);
  });

  it('keeps per-namespace sysctls; interface keys exist only with the interface', async () => {
    const nl = await podWithEth0();
    await nl.pod(POD).setSysctl('net.ipv4.ip_forward', '1');
    expect(await nl.pod(POD).getSysctl('net.ipv4.ip_forward')).toBe('1');
    expect(await nl.host().getSysctl('net.ipv4.ip_forward')).toBe('0');
    await nl.pod(POD).setSysctl('net/ipv6/conf/eth0/accept_ra', '0\n');
    expect(await nl.pod(POD).getSysctl('net.ipv6.conf.eth0.accept_ra')).toBe('0');
    await expect(nl.pod(POD).setSysctl('net.ipv4.conf.eth9.rp_filter', '1')).rejects.toMatchObject({ kind: 'not-found' });
    await expect(nl.pod(POD).getSysctl('kernel.nope')).rejects.toMatchObject({ kind: 'not-found' });
    await expect(nl.pod(POD).setSysctl('../x', '1')).rejects.toMatchObject({ kind: 'invalid' });
  });
});

describe('FakeNetlink: batch and faults', () => {
  const cmds: NetlinkOp[] = [
    { op: 'rule.add', rule: { family: 4, from: '10.0.0.5/24', table: 100 } },
    { op: 'route.add', route: { dst: '10.1.0.0/16', gw: '10.0.0.1', dev: 'eth0', table: 100 } },
    { op: 'rule.add', rule: { family: 6, from: 'fd00::5/64', table: 100 } },
    { op: 'route.add', route: { dst: 'fd00:1::/64', gw: 'fd00::1', dev: 'eth0', table: 100 } },
  ];

  it('applies a batch and counts the processes the real one would start', async () => {
    const nl = await podWithEth0();
    const before = nl.processCount();
    await nl.pod(POD).batch(cmds);
    expect(nl.processCount() - before).toBe(2);
    expect(nl.ops().slice(-5)).toEqual(['batch', 'batch:addRule', 'batch:addRoute', 'batch:addRule', 'batch:addRoute']);
    expect(await nl.pod(POD).listRoutes(6, { table: 100 })).toHaveLength(1);
  });

  it('stops at the first failing command and says which, keeping what came before', async () => {
    const nl = await podWithEth0();
    const bad: NetlinkOp[] = [...cmds.slice(0, 2), { op: 'route.add', route: { dst: '10.2.0.0/16', gw: '172.16.0.1', dev: 'eth0', table: 100 } }, ...cmds.slice(2)];
    const err = await nl.pod(POD).batch(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(batchIndexOf(err)).toBe(2);
    expect(await nl.pod(POD).listRoutes(4, { table: 100 })).toHaveLength(1);
    expect(await nl.pod(POD).listRoutes(6, { table: 100 })).toHaveLength(0);
  });

  it('batchAll reports every failure and applies the rest', async () => {
    const nl = await podWithEth0();
    const ops: NetlinkOp[] = [{ op: 'route.del', route: { dst: '10.1.0.0/16', table: 100 } }, ...cmds.slice(0, 2), { op: 'link.up', name: 'eth9' }];
    const failures = await nl.pod(POD).batchAll(ops);
    expect(failures.map((f) => [f.index, f.error.constructor.name])).toEqual([[0, 'RouteNotFoundError'], [3, 'LinkNotFoundError']]);
    expect(await nl.pod(POD).listRoutes(4, { table: 100 })).toHaveLength(1);
  });

  it('fails a named operation, direct or inside a batch, on its nth call', async () => {
    const nl = await podWithEth0();
    nl.failOn('addRoute', { nth: 2, error: new Error('boom') });
    const err = await nl.pod(POD).batch(cmds).catch((e: unknown) => e);
    expect(err).toEqual(new Error('boom'));
    expect(batchIndexOf(err)).toBe(3);
    await nl.pod(POD).addRoute({ dst: '10.3.0.0/16', gw: '10.0.0.1' });
  });

  it('fails the nth call of any kind, or calls matching a condition, as often as asked', async () => {
    const nl = await podWithEth0();
    nl.failAtCall(2);
    await nl.pod(POD).listLinks();
    await expect(nl.pod(POD).listLinks()).rejects.toThrow('injected fault in listLinks');
    await nl.pod(POD).listLinks();
    nl.failOn('deleteRoute', { times: Infinity, when: (c) => JSON.stringify(c.args).includes('10.7.0.0/16') });
    await expect(nl.pod(POD).deleteRoute({ dst: '10.7.0.0/16' })).rejects.toThrow('injected');
    await expect(nl.pod(POD).deleteRoute({ dst: '10.7.0.0/16' })).rejects.toThrow('injected');
    await expect(nl.pod(POD).deleteRoute({ dst: '10.6.0.0/16' })).rejects.toBeInstanceOf(RouteNotFoundError);
    nl.clearFaults();
    await expect(nl.pod(POD).deleteRoute({ dst: '10.7.0.0/16' })).rejects.toBeInstanceOf(RouteNotFoundError);
  });

  it('loses everything in a namespace that is deleted, including the host end of its veths', async () => {
    const nl = await podWithEth0();
    nl.removeNetns(POD);
    expect(nl.hasNetns(POD)).toBe(false);
    expect(await nl.host().findLink('veth0')).toBeUndefined();
    await expect(nl.pod(POD).batchAll(cmds)).rejects.toBeInstanceOf(NetnsNotFoundError);
  });
});
