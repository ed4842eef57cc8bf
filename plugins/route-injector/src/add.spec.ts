import { compareVersions, parseResult, resultFamilyOf, type Route } from '@plexus/cni-spec';
import { ALL_SPEC_VERSIONS } from '@plexus/cni-spec/testing';
import { NetlinkError, type RouteSpec } from '@plexus/netlink';
import { POD, netconf, podAfterBridge, run } from './testing/pod-fixture';

/** Every feature at once: plain, metric, ECMP and device routes of both families, a policy table, a new default. */
const FULL = {
  routes: [
    { dst: '10.10.0.0/16', gw: '10.0.0.1', metric: 100 },
    { dst: '10.20.0.0/16', gw: '10.0.0.2' },
    { dst: '10.20.0.0/16', gw: '10.0.0.3', weight: 2 },
    { dst: '192.168.50.0/24' },
    { dst: 'fd00:10::/48', gw: 'fd00::1' },
  ],
  policyRoutes: [{ table: 100, priority: 1000, routes: [{ dst: '0.0.0.0/0', gw: '10.0.0.254' }, { dst: '::/0', gw: 'fd00::fe' }] }],
  defaultRoute: { gw: '10.0.0.254' },
};

const byDst = (routes: RouteSpec[], dst: string) => routes.filter((r) => r.dst === dst);

describe.each(ALL_SPEC_VERSIONS)('ADD with cniVersion %s', (version) => {
  it('installs routes, ECMP groups, the policy table with its rules and the new default', async () => {
    const { netlink, prev } = await podAfterBridge();
    const out = await run(netlink, { command: 'ADD', conf: netconf(version, FULL, prev) });
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);

    const main4 = await netlink.pod(POD).listRoutes(4);
    expect(byDst(main4, '0.0.0.0/0')).toEqual([expect.objectContaining({ gw: '10.0.0.254', dev: 'eth0' })]);
    expect(byDst(main4, '10.10.0.0/16')).toEqual([expect.objectContaining({ gw: '10.0.0.1', dev: 'eth0', metric: 100 })]);
    expect(byDst(main4, '10.20.0.0/16')[0]!.nexthops).toEqual([
      { gw: '10.0.0.2', dev: 'eth0', weight: 1 },
      { gw: '10.0.0.3', dev: 'eth0', weight: 2 },
    ]);
    expect(byDst(main4, '192.168.50.0/24')).toEqual([expect.objectContaining({ dev: 'eth0', scope: 253 })]);
    const main6 = await netlink.pod(POD).listRoutes(6);
    expect(byDst(main6, 'fd00:10::/48')).toEqual([expect.objectContaining({ gw: 'fd00::1', dev: 'eth0' })]);
    expect(byDst(main6, '::/0')).toEqual([expect.objectContaining({ gw: 'fd00::1' })]);
    expect(await netlink.pod(POD).listRoutes(4, { table: 100 })).toEqual([expect.objectContaining({ dst: '0.0.0.0/0', gw: '10.0.0.254', dev: 'eth0', table: 100 })]);
    expect(await netlink.pod(POD).listRoutes(6, { table: 100 })).toEqual([expect.objectContaining({ dst: '::/0', gw: 'fd00::fe', table: 100 })]);
    expect((await netlink.pod(POD).listRules(4)).filter((r) => r.table === 100)).toEqual([{ family: 4, from: '10.0.0.5/24', table: 100, priority: 1000 }]);
    expect((await netlink.pod(POD).listRules(6)).filter((r) => r.table === 100)).toEqual([{ family: 6, from: 'fd00::5/64', table: 100, priority: 1000 }]);
  });

  it('returns prevResult in the same version with the added routes (policy routes from 1.1.0 on)', async () => {
    const { netlink, prev } = await podAfterBridge();
    const out = await run(netlink, { command: 'ADD', conf: netconf(version, FULL, prev) });
    const json = JSON.parse(out.stdout) as Record<string, unknown>;
    expect(json.cniVersion).toBe(version);
    const result = parseResult(json, version);
    const family = resultFamilyOf(version);
    // `priority` is kept at every version, 0.1.0/0.2.0 included, as plugins v1.6.x (libcni ≥ 1.2) print it.
    const v4: Route[] = [
      { dst: '0.0.0.0/0', gw: '10.0.0.254' },
      { dst: '10.10.0.0/16', gw: '10.0.0.1', priority: 100 },
      { dst: '10.20.0.0/16', gw: '10.0.0.2' },
      { dst: '10.20.0.0/16', gw: '10.0.0.3' },
      { dst: '192.168.50.0/24' },
    ];
    const v6: Route[] = [{ dst: 'fd00:10::/48', gw: 'fd00::1' }];
    const policy: Route[] = [
      { dst: '0.0.0.0/0', gw: '10.0.0.254', table: 100 },
      { dst: '::/0', gw: 'fd00::fe', table: 100 },
    ];
    if (family === '020') {
      // ip4 then ip6 blocks: prevResult's IPv6 default first in its block, ours after it.
      expect(result.routes).toEqual([...v4, { dst: '::/0', gw: 'fd00::1' }, ...v6]);
    } else {
      expect(result.routes).toEqual([{ dst: '::/0', gw: 'fd00::1' }, ...v4, ...v6, ...(compareVersions(version, '1.1.0') >= 0 ? policy : [])]);
      expect(result.interfaces).toEqual(parseResult(JSON.parse(JSON.stringify(netconf(version, {}, prev).prevResult)), version).interfaces);
    }
    expect(result.ips?.map((ip) => ip.address)).toEqual(['10.0.0.5/24', 'fd00::5/64']);
  });

  it('uses one ip -batch per family, plus one listing per replaced default family', async () => {
    const { netlink, prev } = await podAfterBridge();
    await run(netlink, { command: 'ADD', conf: netconf(version, FULL, prev) });
    expect(netlink.processCount()).toBe(3);
    netlink.calls.length = 0;
    const { netlink: other, prev: prev2 } = await podAfterBridge();
    await run(other, { command: 'ADD', conf: netconf(version, { routes: [{ dst: '10.10.0.0/16', gw: '10.0.0.1' }] }, prev2) });
    expect(other.processCount()).toBe(1);
  });
});

describe('ADD is transactional', () => {
  it('undoes everything, restoring the replaced default, when a step fails halfway', async () => {
    const { netlink, prev } = await podAfterBridge();
    const before = netlink.snapshot(POD);
    netlink.failOn('addRule', { nth: 2, error: new NetlinkError('ip -6 rule add failed: boom', '-6 rule add', 'boom', 'other') });
    const out = await run(netlink, { command: 'ADD', conf: netconf('1.1.0', FULL, prev) });
    expect(out.exitCode).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({ code: 100, msg: 'failed to install routes', details: expect.stringContaining('boom') });
    const after = netlink.snapshot(POD);
    expect(sortRoutes(after.routes)).toEqual(sortRoutes(before.routes));
    expect(after.rules).toEqual(before.rules);
    expect(netlink.ops().filter((o) => o === 'batchAll')).toHaveLength(1);
  });

  it('still reports the original error, and logs the rollback failure, when the undo batch itself fails', async () => {
    const { netlink, prev } = await podAfterBridge();
    netlink.failOn('addRule', { nth: 2, error: new NetlinkError('ip -6 rule add failed: boom', '-6 rule add', 'boom', 'other') });
    netlink.failOn('batchAll', { error: new Error('ip died') });
    const out = await run(netlink, { command: 'ADD', conf: netconf('1.1.0', FULL, prev) });
    expect(JSON.parse(out.stdout)).toMatchObject({ code: 100, msg: 'failed to install routes', details: expect.stringContaining('boom') });
    expect(out.stderr).toMatch(/rollback step failed.*undo \d+ kernel commands.*ip died/);
  });

  it('leaves a route that was already there alone and undoes the rest', async () => {
    const { netlink, prev } = await podAfterBridge();
    await netlink.pod(POD).addRoute({ dst: 'fd00:10::/48', gw: 'fd00::1', dev: 'eth0' });
    const before = netlink.snapshot(POD);
    const out = await run(netlink, { command: 'ADD', conf: netconf('1.0.0', FULL, prev) });
    expect(JSON.parse(out.stdout)).toMatchObject({ code: 100, details: expect.stringContaining('File exists') });
    expect(sortRoutes(netlink.snapshot(POD).routes)).toEqual(sortRoutes(before.routes));
    expect(netlink.snapshot(POD).rules).toEqual(before.rules);
  });

  it('reports a missing netns (4, like every plugin) and a missing interface (102) before changing anything', async () => {
    const { netlink, prev } = await podAfterBridge();
    const gone = await run(netlink, { command: 'ADD', conf: netconf('1.1.0', FULL, prev), netns: '/var/run/netns/gone' });
    expect(JSON.parse(gone.stdout)).toMatchObject({ code: 4, msg: 'invalid CNI_NETNS' });
    await netlink.pod(POD).deleteLink('eth0');
    const noLink = await run(netlink, { command: 'ADD', conf: netconf('1.1.0', { routes: [{ dst: '10.10.0.0/16', gw: '10.0.0.1' }] }, prev) });
    expect(JSON.parse(noLink.stdout)).toMatchObject({ code: 102, msg: 'pod interface not found', details: expect.stringContaining('"eth0"') });
  });
});

describe('ADD picks the pod interface and its addresses from prevResult', () => {
  it('uses CNI_IFNAME among several sandbox interfaces, with only its addresses', async () => {
    const { netlink, prev } = await podAfterBridge();
    await netlink.host().addVeth('veth1', 'net1', netlink.pod(POD));
    await netlink.pod(POD).addAddr('net1', '172.16.0.9/16');
    await netlink.pod(POD).setLinkUp('net1');
    const twoIfaces = {
      ...prev,
      interfaces: [...prev.interfaces!, { name: 'net1', sandbox: POD }],
      ips: [...prev.ips!, { address: '172.16.0.9/16', interface: 3 }],
    };
    const conf = netconf('1.1.0', { policyRoutes: [{ table: 7, routes: [{ dst: '10.30.0.0/16', gw: '172.16.0.1' }] }] }, twoIfaces);
    const out = await run(netlink, { command: 'ADD', conf, ifName: 'net1' });
    expect(out.exitCode).toBe(0);
    expect((await netlink.pod(POD).listRules(4)).filter((r) => r.table === 7)).toEqual([expect.objectContaining({ from: '172.16.0.9/16' })]);
    expect(await netlink.pod(POD).listRoutes(4, { table: 7 })).toEqual([expect.objectContaining({ dev: 'net1', gw: '172.16.0.1' })]);
    const onEth0 = await run(netlink, { command: 'ADD', conf, ifName: 'eth0' });
    expect(JSON.parse(onEth0.stdout)).toMatchObject({ code: 7, msg: 'invalid policyRoutes[0].routes[0].gw' });
  });

  it('takes every address of a 0.2.0 prevResult (no interface list) for CNI_IFNAME', async () => {
    const { netlink, prev } = await podAfterBridge();
    const out = await run(netlink, { command: 'ADD', conf: netconf('0.2.0', { policyRoutes: [{ table: 9, routes: [{ dst: 'fd00:20::/48', gw: 'fd00::1' }] }] }, prev) });
    expect(out.exitCode).toBe(0);
    expect((await netlink.pod(POD).listRules(6)).filter((r) => r.table === 9)).toEqual([expect.objectContaining({ from: 'fd00::5/64' })]);
  });
});

function sortRoutes(routes: RouteSpec[]): RouteSpec[] {
  return [...routes].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
