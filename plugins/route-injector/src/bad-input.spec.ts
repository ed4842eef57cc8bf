import { ALL_SPEC_VERSIONS } from '@plexus/cni-spec/testing';
import { netconf, podAfterBridge, run } from './testing/pod-fixture';

const ok = { dst: '10.10.0.0/16', gw: '10.0.0.1' };

/** [what is wrong, plugin keys, the field the error must name, a phrase of the details]. */
const CASES: Array<[string, Record<string, unknown>, string, string]> = [
  ['a dst that is not a CIDR', { routes: [ok, { dst: '10.0.0.300/16' }] }, 'routes[1].dst', 'is not a CIDR'],
  ['a dst without prefix', { routes: [{ dst: '10.1.0.0', gw: '10.0.0.1' }] }, 'routes[0].dst', 'is not a CIDR'],
  ['a dst with host bits', { routes: [{ dst: '10.1.2.3/16', gw: '10.0.0.1' }] }, 'routes[0].dst', 'host bits set (the network is 10.1.0.0/16)'],
  ['a missing dst', { routes: [{ gw: '10.0.0.1' }] }, 'routes[0].dst', 'missing'],
  ['a gw that is not an address', { routes: [{ dst: '10.1.0.0/16', gw: 'router' }] }, 'routes[0].gw', 'is not an IP address'],
  ['a gw of the other family', { routes: [{ dst: '10.1.0.0/16', gw: 'fd00::1' }] }, 'routes[0].gw', 'is IPv6, the destination is IPv4'],
  ['a gw off every pod subnet', { routes: [{ dst: '10.1.0.0/16', gw: '192.168.1.1' }] }, 'routes[0].gw', '192.168.1.1 is not on a subnet of eth0 (10.0.0.5/24)'],
  ['an IPv6 gw off the pod subnet', { routes: [{ dst: 'fd00:1::/64', gw: 'fd01::1' }] }, 'routes[0].gw', 'not on a subnet of eth0 (fd00::5/64)'],
  ['a negative metric', { routes: [{ ...ok, metric: -1 }] }, 'routes[0].metric', 'integer from 0 to 4294967295'],
  ['a weight out of range', { routes: [{ ...ok, weight: 300 }] }, 'routes[0].weight', 'integer from 1 to 256'],
  ['an unknown key (typo)', { routes: [{ dst: '10.1.0.0/16', gateway: '10.0.0.1' }] }, 'routes[0].gateway', 'unknown key'],
  ['routes not a list', { routes: { dst: '10.1.0.0/16' } }, 'routes', 'must be a list'],
  ['an ECMP member without gw', { routes: [ok, { dst: '10.10.0.0/16' }] }, 'routes[1].gw', 'ECMP group and each needs a gw'],
  ['the same route twice', { routes: [ok, { ...ok }] }, 'routes[1].gw', 'duplicates routes[0]'],
  ['a route prevResult already has', { routes: [{ dst: '0.0.0.0/0', gw: '10.0.0.1' }] }, 'routes[0].dst', 'already a route of prevResult'],
  ['table 0', { policyRoutes: [{ table: 0, routes: [ok] }] }, 'policyRoutes[0].table', 'reserved "unspec"'],
  ['table 253', { policyRoutes: [{ table: 253, routes: [ok] }] }, 'policyRoutes[0].table', 'reserved "default"'],
  ['table 254', { policyRoutes: [{ table: 254, routes: [ok] }] }, 'policyRoutes[0].table', 'reserved "main"'],
  ['table 255', { policyRoutes: [{ table: 255, routes: [ok] }] }, 'policyRoutes[0].table', 'reserved "local"'],
  ['a table that is not an integer', { policyRoutes: [{ table: '100', routes: [ok] }] }, 'policyRoutes[0].table', 'integer from 0 to 4294967295'],
  ['a table above u32', { policyRoutes: [{ table: 4294967296, routes: [ok] }] }, 'policyRoutes[0].table', 'integer from 0 to 4294967295'],
  ['a missing table', { policyRoutes: [{ routes: [ok] }] }, 'policyRoutes[0].table', 'missing'],
  ['a table used twice', { policyRoutes: [{ table: 5, routes: [ok] }, { table: 5, routes: [ok] }] }, 'policyRoutes[1].table', 'already used by policyRoutes[0]'],
  ['priority 0', { policyRoutes: [{ table: 5, priority: 0, routes: [ok] }] }, 'policyRoutes[0].priority', 'integer from 1'],
  ['a table without routes', { policyRoutes: [{ table: 5, routes: [] }] }, 'policyRoutes[0].routes', 'at least one route'],
  ['a bad policy route gw', { policyRoutes: [{ table: 5, routes: [{ dst: '0.0.0.0/0', gw: '10.9.9.9' }] }] }, 'policyRoutes[0].routes[0].gw', 'not on a subnet of eth0'],
  ['a defaultRoute without gw', { defaultRoute: { metric: 5 } }, 'defaultRoute.gw', 'missing'],
  ['a defaultRoute gw off subnet', { defaultRoute: [{ gw: '10.0.0.254' }, { gw: 'fd99::1' }] }, 'defaultRoute[1].gw', 'not on a subnet of eth0 (fd00::5/64)'],
  ['defaultRoute metrics that differ', { defaultRoute: [{ gw: '10.0.0.2', metric: 1 }, { gw: '10.0.0.3', metric: 2 }] }, 'defaultRoute[1].metric', 'one ECMP group'],
  ['a default in routes and defaultRoute', { routes: [{ dst: '0.0.0.0/0', gw: '10.0.0.2', metric: 9 }], defaultRoute: { gw: '10.0.0.3' } }, 'routes[0].dst', 'conflicts with defaultRoute'],
  ['nothing to do', {}, 'routes', 'nothing to do'],
];

describe.each(ALL_SPEC_VERSIONS)('ADD refuses a bad config with code 7 naming the field (cniVersion %s)', (version) => {
  it.each(CASES)('%s', async (_what, keys, field, details) => {
    const { netlink, prev } = await podAfterBridge();
    const out = await run(netlink, { command: 'ADD', conf: netconf(version, keys, prev) });
    expect(out.exitCode).toBe(1);
    const err = JSON.parse(out.stdout) as { code: number; msg: string; details: string };
    expect(err).toMatchObject({ code: 7, msg: `invalid ${field}` });
    expect(err.details).toContain(details);
    expect(netlink.calls).toEqual([]);
  });
});

describe('ADD without a usable prevResult', () => {
  it('needs prevResult (a chained plugin)', async () => {
    const { netlink } = await podAfterBridge();
    const out = await run(netlink, { command: 'ADD', conf: netconf('1.1.0', { routes: [ok] }) });
    expect(JSON.parse(out.stdout)).toMatchObject({ code: 7, msg: 'invalid prevResult' });
  });

  it('refuses routes of a family the pod has no address of', async () => {
    const { netlink, prev } = await podAfterBridge();
    const v4only = { ...prev, ips: prev.ips!.slice(0, 1) };
    const out = await run(netlink, { command: 'ADD', conf: netconf('1.1.0', { routes: [{ dst: 'fd00:1::/64' }] }, v4only) });
    expect(JSON.parse(out.stdout)).toMatchObject({ code: 7, msg: 'invalid routes[0].dst', details: expect.stringContaining('no IPv6 address') });
  });

  it('reports an unreadable prevResult as a decoding error (6)', async () => {
    const { netlink } = await podAfterBridge();
    const out = await run(netlink, { command: 'ADD', conf: { ...netconf('1.1.0', { routes: [ok] }), prevResult: { cniVersion: '1.1.0', ips: [{ address: 5 }] } } });
    expect(JSON.parse(out.stdout)).toMatchObject({ code: 6 });
  });
});
