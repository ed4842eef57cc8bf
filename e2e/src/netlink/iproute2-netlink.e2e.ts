import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecaRunner } from '@plexus/exec';
import {
  IpRoute2Netlink,
  LinkNotFoundError,
  NetlinkError,
  NetnsNotFoundError,
  NotANetnsError,
  RouteNotFoundError,
  RuleNotFoundError,
  batchIndexOf,
  routeMatches,
  type NetlinkOp,
} from '@plexus/netlink';
import { createNetns, deleteNetns, ipJson, ipOk, kernelCanCreate, type TestNetns } from '../support';

// IpRoute2Netlink against the running kernel. Everything happens inside two throwaway netns (plxri-*): the host
// netns is only read (one sysctl), never changed.
jest.setTimeout(30_000);

const nl = new IpRoute2Netlink(new ExecaRunner());
let a: TestNetns;
let b: TestNetns;

/** wire puts a veth pair between a (eth0) and b (peer0), addressed on both families, up on both ends. */
async function wire(): Promise<void> {
  await nl.pod(a.path).addVeth('eth0', 'peer0', nl.pod(b.path));
  await nl.pod(a.path).addAddr('eth0', '10.77.0.5/24');
  await nl.pod(a.path).addAddr('eth0', 'fd00:77::5/64');
  await nl.pod(a.path).setLinkUp('eth0');
  await nl.pod(b.path).setLinkUp('peer0');
}

beforeEach(() => {
  a = createNetns('plxri');
  b = createNetns('plxri');
});

afterEach(() => {
  deleteNetns(a);
  deleteNetns(b);
});

describe('netns checks', () => {
  it('accepts a netns, and tells a missing path from a file that is not a netns', async () => {
    await expect(nl.checkNetns(a.path)).resolves.toBeUndefined();
    await expect(nl.checkNetns('/proc/self/ns/net')).resolves.toBeUndefined();
    await expect(nl.checkNetns('/var/run/netns/plxri-none')).rejects.toBeInstanceOf(NetnsNotFoundError);
    const file = join(tmpdir(), `plxri-notns-${process.pid}`);
    writeFileSync(file, '');
    try {
      await expect(nl.checkNetns(file)).rejects.toBeInstanceOf(NotANetnsError);
      await expect(nl.pod(file).listLinks()).rejects.toBeInstanceOf(NotANetnsError);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('reports a netns deleted under it on any command', async () => {
    deleteNetns(a);
    await expect(nl.pod(a.path).listLinks()).rejects.toBeInstanceOf(NetnsNotFoundError);
    await expect(nl.pod(a.path).batch([{ op: 'route.add', route: { dst: '10.1.0.0/16', dev: 'eth0' } }])).rejects.toBeInstanceOf(NetnsNotFoundError);
  });
});

describe('links', () => {
  it('creates a veth across two netns and reads it back', async () => {
    await wire();
    const eth0 = await nl.pod(a.path).getLink('eth0');
    expect(eth0).toMatchObject({ name: 'eth0', kind: 'veth', up: true, mtu: 1500 });
    expect(eth0.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect((await nl.pod(b.path).listLinks()).map((l) => l.name)).toEqual(['lo', 'peer0']);
    await expect(nl.pod(a.path).getLink('eth9')).rejects.toBeInstanceOf(LinkNotFoundError);
    expect(await nl.pod(a.path).findLink('eth9')).toBeUndefined();
  });

  it('bridges, enslaves, sets mtu, renames, moves and deletes', async () => {
    await nl.pod(a.path).addBridge('br0');
    await nl.pod(a.path).addVeth('tmp0', 'tmp1');
    await nl.pod(a.path).setLinkMaster('tmp0', 'br0');
    await nl.pod(a.path).setLinkMtu('tmp0', 1400);
    expect(await nl.pod(a.path).getLink('tmp0')).toMatchObject({ master: 'br0', mtu: 1400 });
    expect(await nl.pod(a.path).getLink('br0')).toMatchObject({ kind: 'bridge' });
    await nl.pod(a.path).renameLink('tmp1', 'eth1');
    await nl.pod(a.path).moveLink('eth1', nl.pod(b.path));
    expect(await nl.pod(b.path).getLink('eth1')).toMatchObject({ kind: 'veth' });
    await expect(nl.pod(a.path).addBridge('br0')).rejects.toMatchObject({ kind: 'exists' });
    await nl.pod(a.path).deleteLink('tmp0');
    expect(await nl.pod(b.path).findLink('eth1')).toBeUndefined();
    await expect(nl.pod(a.path).deleteLink('tmp0')).rejects.toBeInstanceOf(LinkNotFoundError);
  });

  it('reads a macvlan parent made by plain ip', async () => {
    await wire();
    ipOk(a, ['link', 'add', 'mv0', 'link', 'eth0', 'type', 'macvlan', 'mode', 'bridge']);
    const eth0 = await nl.pod(a.path).getLink('eth0');
    expect(await nl.pod(a.path).getLink('mv0')).toMatchObject({ kind: 'macvlan', parentName: 'eth0', parentIndex: eth0.index });
  });

  it.each(['dummy', 'ipvlan'])('creates a %s where the kernel has it, else fails as not-supported', async (kind) => {
    const supported = kernelCanCreate(kind);
    await nl.pod(a.path).addBridge('master0');
    const create = kind === 'dummy' ? nl.pod(a.path).addDummy('d0') : nl.pod(a.path).addIpvlan({ name: 'd0', master: 'master0', mode: 'l2', into: nl.pod(b.path) });
    if (supported) {
      await create;
      expect(await nl.pod(kind === 'dummy' ? a.path : b.path).getLink('d0')).toMatchObject({ kind });
    } else {
      await expect(create).rejects.toMatchObject({ name: 'NetlinkError', kind: 'not-supported' });
    }
  });
});

describe('addresses, routes and rules', () => {
  it('adds, lists and deletes addresses of both families', async () => {
    await wire();
    const addrs = await nl.pod(a.path).listAddrs('eth0');
    expect(addrs.filter((x) => x.scope === 'global').map((x) => x.address)).toEqual(['10.77.0.5/24', 'fd00:77::5/64']);
    expect(ipJson(a, ['-6', 'addr', 'show', 'dev', 'eth0'])[0]!.addr_info).toEqual(expect.arrayContaining([expect.objectContaining({ local: 'fd00:77::5', nodad: true })]));
    await expect(nl.pod(a.path).addAddr('eth0', '10.77.0.5/24')).rejects.toMatchObject({ kind: 'exists' });
    await nl.pod(a.path).deleteAddr('eth0', '10.77.0.5/24');
    await expect(nl.pod(a.path).deleteAddr('eth0', '10.77.0.5/24')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('adds routes with gateway, metric, table and ECMP, lists and deletes them', async () => {
    await wire();
    await nl.pod(a.path).addRoute({ dst: '10.1.0.0/16', gw: '10.77.0.1', dev: 'eth0', metric: 50 });
    await nl.pod(a.path).addRoute({ dst: '10.2.0.0/16', nexthops: [{ gw: '10.77.0.1', dev: 'eth0' }, { gw: '10.77.0.2', dev: 'eth0', weight: 3 }], table: 100 });
    await nl.pod(a.path).addRoute({ dst: 'fd00:1::/64', gw: 'fd00:77::1', dev: 'eth0', table: 100 });
    const main = await nl.pod(a.path).listRoutes(4);
    expect(main.find((r) => r.dst === '10.1.0.0/16')).toMatchObject({ gw: '10.77.0.1', dev: 'eth0', metric: 50, table: 254, protocol: 'boot' });
    expect(main.find((r) => r.dst === '10.77.0.0/24')).toMatchObject({ protocol: 'kernel', scope: 253, src: '10.77.0.5' });
    const t100 = await nl.pod(a.path).listRoutes(4, { table: 100 });
    expect(t100).toHaveLength(1);
    expect(routeMatches(t100[0]!, { dst: '10.2.0.0/16', table: 100, nexthops: [{ gw: '10.77.0.2', weight: 3 }, { gw: '10.77.0.1', weight: 1 }] })).toBe(true);
    expect(await nl.pod(a.path).listRoutes(6, { table: 100 })).toEqual([expect.objectContaining({ dst: 'fd00:1::/64', gw: 'fd00:77::1', metric: 1024, table: 100 })]);
    expect(await nl.pod(a.path).listRoutes(4, { table: 4242 })).toEqual([]);

    await expect(nl.pod(a.path).addRoute({ dst: '10.1.0.0/16', gw: '10.77.0.1', dev: 'eth0', metric: 50 })).rejects.toMatchObject({ kind: 'exists' });
    await expect(nl.pod(a.path).addRoute({ dst: '10.3.0.0/16', gw: '192.0.2.1', dev: 'eth0' })).rejects.toMatchObject({ kind: 'invalid' });
    await nl.pod(a.path).replaceRoute({ dst: '10.1.0.0/16', gw: '10.77.0.2', dev: 'eth0', metric: 50 });
    expect((await nl.pod(a.path).listRoutes(4)).filter((r) => r.dst === '10.1.0.0/16').map((r) => r.gw)).toEqual(['10.77.0.2']);
    await nl.pod(a.path).deleteRoute({ dst: '10.2.0.0/16', table: 100 });
    await expect(nl.pod(a.path).deleteRoute({ dst: '10.2.0.0/16', table: 100 })).rejects.toBeInstanceOf(RouteNotFoundError);
  });

  it('adds and deletes rules of both families, keeping the host bits of the selector', async () => {
    await nl.pod(a.path).addRule({ family: 4, from: '10.77.0.5/24', table: 100, priority: 1000 });
    await nl.pod(a.path).addRule({ family: 6, from: 'fd00:77::5/64', table: 100 });
    expect((await nl.pod(a.path).listRules(4)).find((r) => r.table === 100)).toEqual({ family: 4, from: '10.77.0.5/24', table: 100, priority: 1000 });
    expect((await nl.pod(a.path).listRules(6)).find((r) => r.table === 100)).toEqual({ family: 6, from: 'fd00:77::5/64', table: 100, priority: 32765 });
    await expect(nl.pod(a.path).addRule({ family: 4, from: '10.77.0.5/24', table: 100, priority: 1000 })).rejects.toMatchObject({ kind: 'exists' });
    await expect(nl.pod(a.path).deleteRule({ family: 4, from: '10.77.0.0/24', table: 100 })).rejects.toBeInstanceOf(RuleNotFoundError);
    await nl.pod(a.path).deleteRule({ family: 4, from: '10.77.0.5/24', table: 100 });
    await nl.pod(a.path).deleteRule({ family: 6, from: 'fd00:77::5/64', table: 100 });
    expect((await nl.pod(a.path).listRules(6)).map((r) => r.table)).toEqual([255, 254]);
  });
});

describe('batch', () => {
  const add: NetlinkOp[] = [
    { op: 'rule.add', rule: { family: 4, from: '10.77.0.5/24', table: 100 } },
    { op: 'route.add', route: { dst: '10.1.0.0/16', gw: '10.77.0.1', dev: 'eth0', table: 100 } },
    { op: 'rule.add', rule: { family: 6, from: 'fd00:77::5/64', table: 100 } },
    { op: 'route.add', route: { dst: 'fd00:1::/64', gw: 'fd00:77::1', dev: 'eth0', table: 100 } },
  ];

  it('applies rules and routes of both families in one call', async () => {
    await wire();
    await nl.pod(a.path).batch(add);
    expect(ipJson(a, ['route', 'show', 'table', '100'])).toEqual([expect.objectContaining({ dst: '10.1.0.0/16', gateway: '10.77.0.1' })]);
    expect(ipJson(a, ['-6', 'rule', 'show']).some((r) => r.src === 'fd00:77::5' && r.table === '100')).toBe(true);
  });

  it('stops at the first failure and names it by index', async () => {
    await wire();
    const bad: NetlinkOp[] = [...add.slice(0, 2), { op: 'route.add', route: { dst: '10.2.0.0/16', gw: '10.77.0.1', dev: 'eth9', table: 100 } }, ...add.slice(2)];
    const err = await nl.pod(a.path).batch(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkNotFoundError);
    expect(batchIndexOf(err)).toBe(2);
    expect(ipJson(a, ['route', 'show', 'table', '100'])).toHaveLength(1);
    expect(ipJson(a, ['-6', 'route', 'show', 'table', '100'])).toHaveLength(0);

    const dup = await nl.pod(a.path).batch([add[1]!]).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(NetlinkError);
    expect(dup).toMatchObject({ kind: 'exists', batchIndex: 0 });
  });

  it('batchAll goes through every command and returns what was already gone', async () => {
    await wire();
    await nl.pod(a.path).batch(add.slice(0, 2));
    const dels: NetlinkOp[] = [
      { op: 'rule.del', rule: { family: 4, from: '10.77.0.5/24', table: 100 } },
      { op: 'route.del', route: { dst: '10.1.0.0/16', gw: '10.77.0.1', dev: 'eth0', table: 100 } },
      { op: 'rule.del', rule: { family: 6, from: 'fd00:77::5/64', table: 100 } },
      { op: 'route.del', route: { dst: 'fd00:1::/64', table: 100 } },
    ];
    const failures = await nl.pod(a.path).batchAll(dels);
    expect(failures.map((f) => [f.index, f.error.name])).toEqual([[2, 'RuleNotFoundError'], [3, 'RouteNotFoundError']]);
    expect(ipJson(a, ['route', 'show', 'table', '100'])).toEqual([]);
  });
});

describe('sysctls', () => {
  it('reads and writes inside the netns only', async () => {
    await wire();
    const hostForwarding = await nl.host().getSysctl('net.ipv4.ip_forward');
    const want = hostForwarding === '1' ? '0' : '1';
    await nl.pod(a.path).setSysctl('net.ipv4.ip_forward', want);
    expect(await nl.pod(a.path).getSysctl('net.ipv4.ip_forward')).toBe(want);
    expect(await nl.host().getSysctl('net.ipv4.ip_forward')).toBe(hostForwarding);
    await nl.pod(a.path).setSysctl('net/ipv6/conf/eth0/accept_ra', '0');
    expect(await nl.pod(a.path).getSysctl('net.ipv6.conf.eth0.accept_ra')).toBe('0');
    await expect(nl.pod(a.path).getSysctl('net.ipv4.conf.eth9.rp_filter')).rejects.toMatchObject({ kind: 'not-found' });
    await expect(nl.pod(a.path).setSysctl('net.ipv4.ip_forward', 'x')).rejects.toMatchObject({ kind: 'invalid' });
  });
});
