import type { CaseExpect, CallStep, NetlinkCase } from './run-netlink-case';

// The one table of netlink behaviour that FakeNetlink (libs/netlink fake-netlink-cases.spec.ts) and IpRoute2Netlink
// on this kernel (e2e/src/netlink/shared-cases.e2e.ts) must both satisfy. Expected values were observed with
// iproute2 6.x on Linux 6.18 inside throwaway netns. Only veth and bridge links are created (what every CI kernel
// has); dummy and ipvlan outcomes depend on the kernel's capabilities. Add a case here, never in one runner only.

const ok = (value?: unknown): CaseExpect => (value === undefined ? { ok: true } : { ok: true, value });
const err = (error: Extract<CaseExpect, { error: string }>['error'], kind?: string, batchIndex?: number): CaseExpect => ({ error, kind, batchIndex });
const call = (c: CallStep['call'], netns: CallStep['netns'], args: unknown[], expect: CaseExpect = ok(), view?: CallStep['view']): CallStep => ({ call: c, netns, args, expect, view });

const MAIN_RULES_V4 = [
  '{"family":4,"priority":0,"table":255}',
  '{"family":4,"priority":32766,"table":254}',
  '{"family":4,"priority":32767,"table":253}',
];
const MAIN_RULES_V6 = ['{"family":6,"priority":0,"table":255}', '{"family":6,"priority":32766,"table":254}'];

/** v4Prefix is the "proto kernel" route of an IPv4 address as listRoutes reports it. */
const v4Prefix = (dst: string, dev: string, src: string): string => JSON.stringify({ dev, dst, protocol: 'kernel', scope: 253, src, table: 254 });
const v6Prefix = (dst: string, dev: string): string => JSON.stringify({ dev, dst, metric: 256, protocol: 'kernel', scope: 0, table: 254 });

/** A veth pair v0 (in a) — v1 (in a), v0 addressed on both families, both ends up. */
const wired: CallStep[] = [
  call('addVeth', 'a', ['v0', 'v1']),
  call('addAddr', 'a', ['v0', '10.9.0.1/24']),
  call('addAddr', 'a', ['v0', 'fd00:9::1/64']),
  call('setLinkUp', 'a', ['v0']),
  call('setLinkUp', 'a', ['v1']),
];

export const NETLINK_CASES: NetlinkCase[] = [
  {
    name: 'a fresh netns has only lo (down), no addresses, no main routes and the default rules',
    steps: [
      call('checkNetns', 'a', []),
      call('listLinks', 'a', [], ok(['lo']), 'linkNames'),
      call('getLink', 'a', ['lo'], ok({ name: 'lo', mtu: 65536, up: false }), 'link'),
      call('listAddrs', 'a', [], ok([]), 'addrs'),
      call('listRoutes', 'a', [4], ok([]), 'routes'),
      call('listRoutes', 'a', [6], ok([]), 'routes'),
      call('listRules', 'a', [4], ok(MAIN_RULES_V4), 'rules'),
      call('listRules', 'a', [6], ok(MAIN_RULES_V6), 'rules'),
    ],
  },
  {
    name: 'a missing path and a file that is not a netns fail with their own typed errors on every call',
    steps: [
      call('checkNetns', 'missing', [], err('NetnsNotFoundError')),
      call('checkNetns', 'notns', [], err('NotANetnsError')),
      call('listLinks', 'missing', [], err('NetnsNotFoundError')),
      call('listLinks', 'notns', [], err('NotANetnsError')),
      call('addBridge', 'missing', ['br0'], err('NetnsNotFoundError')),
      call('listAddrs', 'missing', [], err('NetnsNotFoundError')),
      call('batch', 'missing', [[{ op: 'route.add', route: { dst: '10.1.0.0/16', dev: 'v0' } }]], err('NetnsNotFoundError')),
    ],
  },
  {
    name: 'a netns deleted under us reads as missing',
    steps: [
      call('addBridge', 'a', ['br0']),
      { world: 'removeNetns', netns: 'a' },
      call('listLinks', 'a', [], err('NetnsNotFoundError')),
      call('deleteLink', 'a', ['br0'], err('NetnsNotFoundError')),
      call('listLinks', 'b', [], ok(['lo']), 'linkNames'),
    ],
  },
  {
    name: 'lo up gets 127.0.0.1/8 and ::1/128 (scope host, no main route); lo down keeps only the IPv4 one',
    steps: [
      call('setLinkUp', 'a', ['lo']),
      call('listAddrs', 'a', ['lo'], ok(['lo 127.0.0.1/8 host', 'lo ::1/128 host']), 'addrs'),
      call('listRoutes', 'a', [4], ok([]), 'routes'),
      call('setLinkDown', 'a', ['lo']),
      call('listAddrs', 'a', ['lo'], ok(['lo 127.0.0.1/8 host']), 'addrs'),
      call('deleteLink', 'a', ['lo'], err('NetlinkError', 'not-supported')),
    ],
  },
  {
    name: 'a veth pair in one netns names its peer; across two netns it is created in both and deleted together',
    steps: [
      call('addVeth', 'a', ['v0', 'v1']),
      call('getLink', 'a', ['v0'], ok({ name: 'v0', kind: 'veth', mtu: 1500, up: false, parentName: 'v1' }), 'link'),
      call('addVeth', 'a', ['eth0', 'peer0', '@b']),
      call('listLinks', 'a', [], ok(['eth0', 'lo', 'v0', 'v1']), 'linkNames'),
      call('getLink', 'b', ['peer0'], ok({ name: 'peer0', kind: 'veth', mtu: 1500, up: false }), 'link'),
      call('deleteLink', 'a', ['eth0']),
      call('listLinks', 'b', [], ok(['lo']), 'linkNames'),
      call('deleteLink', 'a', ['v1']),
      call('findLink', 'a', ['v0'], ok(undefined), 'link'),
    ],
  },
  {
    name: 'names are unique per netns: duplicates are refused as exists',
    steps: [
      call('addBridge', 'a', ['br0']),
      call('addBridge', 'a', ['br0'], err('NetlinkError', 'exists')),
      call('addVeth', 'a', ['br0', 'x1'], err('NetlinkError', 'exists')),
      call('addVeth', 'a', ['x0', 'x0'], err('NetlinkError', 'exists')),
      call('addBridge', 'b', ['br0']),
      call('listLinks', 'a', [], ok(['br0', 'lo']), 'linkNames'),
    ],
  },
  {
    name: 'every operation on a missing link is LinkNotFoundError; findLink is undefined',
    steps: [
      call('getLink', 'a', ['eth9'], err('LinkNotFoundError')),
      call('findLink', 'a', ['eth9'], ok(undefined), 'link'),
      call('setLinkUp', 'a', ['eth9'], err('LinkNotFoundError')),
      call('setLinkDown', 'a', ['eth9'], err('LinkNotFoundError')),
      call('setLinkMtu', 'a', ['eth9', 1400], err('LinkNotFoundError')),
      call('renameLink', 'a', ['eth9', 'eth8'], err('LinkNotFoundError')),
      call('deleteLink', 'a', ['eth9'], err('LinkNotFoundError')),
      call('moveLink', 'a', ['eth9', '@b'], err('LinkNotFoundError')),
      call('addAddr', 'a', ['eth9', '10.0.0.1/24'], err('LinkNotFoundError')),
      call('listAddrs', 'a', ['eth9'], err('LinkNotFoundError')),
      call('addRoute', 'a', [{ dst: '10.1.0.0/16', dev: 'eth9' }], err('LinkNotFoundError')),
    ],
  },
  {
    name: 'bridge ports, mtu bounds and master checks',
    steps: [
      call('addBridge', 'a', ['br0']),
      call('addVeth', 'a', ['v0', 'v1']),
      call('setLinkMaster', 'a', ['v0', 'br0']),
      call('setLinkMtu', 'a', ['v0', 1400]),
      call('getLink', 'a', ['v0'], ok({ name: 'v0', kind: 'veth', mtu: 1400, up: false, parentName: 'v1', master: 'br0' }), 'link'),
      call('setLinkMaster', 'a', ['v1', 'v0'], err('NetlinkError', 'not-supported')),
      call('setLinkMtu', 'a', ['v1', 67], err('NetlinkError', 'invalid')),
      call('setLinkMtu', 'a', ['v1', 65536], err('NetlinkError', 'invalid')),
      call('setLinkMtu', 'a', ['v1', 65535]),
      call('deleteLink', 'a', ['br0']),
      call('getLink', 'a', ['v0'], ok({ name: 'v0', kind: 'veth', mtu: 1400, up: false, parentName: 'v1' }), 'link'),
    ],
  },
  {
    name: 'rename: down is fine, onto a taken name is exists, while up depends on the kernel',
    steps: [
      call('addVeth', 'a', ['v0', 'v1']),
      call('renameLink', 'a', ['v0', 'eth0']),
      call('renameLink', 'a', ['eth0', 'v1'], err('NetlinkError', 'exists')),
      call('addAddr', 'a', ['eth0', '10.9.0.1/24']),
      call('setLinkUp', 'a', ['eth0']),
      { ...call('renameLink', 'a', ['eth0', 'eth1']), needs: { cap: 'liveRename' }, otherwise: err('NetlinkError') },
      { ...call('listAddrs', 'a', [], ok(['eth1 10.9.0.1/24 global']), 'addrs'), needs: { cap: 'liveRename' }, otherwise: ok(['eth0 10.9.0.1/24 global']) },
      { ...call('listRoutes', 'a', [4], ok([v4Prefix('10.9.0.0/24', 'eth1', '10.9.0.1')]), 'routes'), needs: { cap: 'liveRename' }, otherwise: ok([v4Prefix('10.9.0.0/24', 'eth0', '10.9.0.1')]) },
    ],
  },
  {
    name: 'moving a link flushes its addresses and routes, brings it down, and refuses a taken name',
    steps: [
      ...wired,
      call('moveLink', 'a', ['v0', '@b']),
      call('getLink', 'b', ['v0'], ok({ name: 'v0', kind: 'veth', mtu: 1500, up: false }), 'link'),
      call('listAddrs', 'b', [], ok([]), 'addrs'),
      call('listRoutes', 'a', [4], ok([]), 'routes'),
      call('addBridge', 'b', ['v1']),
      call('moveLink', 'a', ['v1', '@b'], err('NetlinkError', 'exists')),
      call('moveLink', 'a', ['v1', '@missing'], err('NetnsNotFoundError')),
    ],
  },
  {
    name: 'addresses: IPv4 keyed by address and prefix, IPv6 by address; deleting twice is not-found',
    steps: [
      call('addVeth', 'a', ['v0', 'v1']),
      call('addAddr', 'a', ['v0', '10.9.0.1/24']),
      call('addAddr', 'a', ['v0', '10.9.0.1/24'], err('NetlinkError', 'exists')),
      call('addAddr', 'a', ['v0', '10.9.0.1/16']),
      call('addAddr', 'a', ['v0', 'fd00:9::1/64']),
      call('addAddr', 'a', ['v0', 'fd00:9::1/48'], err('NetlinkError', 'exists')),
      call('addAddr', 'a', ['v1', '10.9.0.1/24']),
      call('listAddrs', 'a', ['v0'], ok(['v0 10.9.0.1/16 global', 'v0 10.9.0.1/24 global', 'v0 fd00:9::1/64 global']), 'addrs'),
      call('deleteAddr', 'a', ['v0', '10.9.0.1/16']),
      call('deleteAddr', 'a', ['v0', '10.9.0.1/16'], err('NetlinkError', 'not-found')),
      call('deleteAddr', 'a', ['v0', 'fd00:9::1/64']),
      call('listAddrs', 'a', [], ok(['v0 10.9.0.1/24 global', 'v1 10.9.0.1/24 global']), 'addrs'),
    ],
  },
  {
    name: 'prefix routes exist only while the link is up; down drops its routes and IPv6 addresses',
    steps: [
      call('addVeth', 'a', ['v0', 'v1']),
      call('addAddr', 'a', ['v0', '10.9.0.1/24']),
      call('addAddr', 'a', ['v0', '10.9.0.9/32']),
      call('addAddr', 'a', ['v0', 'fd00:9::1/64']),
      call('listRoutes', 'a', [4], ok([]), 'routes'),
      call('listRoutes', 'a', [6], ok([]), 'routes'),
      call('setLinkUp', 'a', ['v0']),
      call('listRoutes', 'a', [4], ok([v4Prefix('10.9.0.0/24', 'v0', '10.9.0.1')]), 'routes'),
      call('listRoutes', 'a', [6], ok([v6Prefix('fd00:9::/64', 'v0')]), 'routes'),
      call('addRoute', 'a', [{ dst: '10.20.0.0/16', gw: '10.9.0.254' }]),
      call('setLinkDown', 'a', ['v0']),
      call('listRoutes', 'a', [4], ok([]), 'routes'),
      call('listAddrs', 'a', ['v0'], ok(['v0 10.9.0.1/24 global', 'v0 10.9.0.9/32 global']), 'addrs'),
      call('setLinkUp', 'a', ['v0']),
      call('listRoutes', 'a', [4], ok([v4Prefix('10.9.0.0/24', 'v0', '10.9.0.1')]), 'routes'),
      call('listRoutes', 'a', [6], ok([]), 'routes'),
    ],
  },
  {
    name: 'a route needs an up device and a reachable gateway',
    steps: [
      call('addVeth', 'a', ['v0', 'v1']),
      call('addAddr', 'a', ['v0', '10.9.0.1/24']),
      call('addRoute', 'a', [{ dst: '10.5.0.0/16', dev: 'v0' }], err('NetlinkError', 'other')),
      call('addRoute', 'a', [{ dst: '10.6.0.0/16', gw: '10.9.0.254', dev: 'v0' }], err('NetlinkError', 'invalid')),
      call('addRoute', 'a', [{ dst: '10.7.0.0/16', gw: '10.9.0.254', dev: 'v0', onlink: true }], err('NetlinkError', 'other')),
      call('addRoute', 'a', [{ dst: 'fd00:5::/64', dev: 'v0' }], err('NetlinkError', 'other')),
      call('setLinkUp', 'a', ['v0']),
      call('addRoute', 'a', [{ dst: '10.5.0.0/16', dev: 'v0' }]),
      call('addRoute', 'a', [{ dst: '10.6.0.0/16', gw: '192.0.2.1' }], err('NetlinkError', 'invalid')),
      call('addRoute', 'a', [{ dst: '10.7.0.0/16', gw: '192.0.2.1', dev: 'v0', onlink: true }]),
      call('listRoutes', 'a', [4, { dev: 'v0' }], ok([
        JSON.stringify({ dev: 'v0', dst: '10.5.0.0/16', protocol: 'boot', scope: 253, table: 254 }),
        JSON.stringify({ dev: 'v0', dst: '10.7.0.0/16', gw: '192.0.2.1', onlink: true, protocol: 'boot', scope: 0, table: 254 }),
        v4Prefix('10.9.0.0/24', 'v0', '10.9.0.1'),
      ]), 'routes'),
    ],
  },
  {
    name: 'routes: metric and tables, exists on a duplicate, replace, ECMP, delete and RouteNotFoundError',
    steps: [
      ...wired,
      call('addRoute', 'a', [{ dst: '10.1.0.0/16', gw: '10.9.0.254', metric: 50 }]),
      call('addRoute', 'a', [{ dst: '10.1.0.0/16', gw: '10.9.0.254', metric: 50 }], err('NetlinkError', 'exists')),
      call('replaceRoute', 'a', [{ dst: '10.1.0.0/16', gw: '10.9.0.253', metric: 50 }]),
      call('addRoute', 'a', [{ dst: '10.2.0.0/16', nexthops: [{ gw: '10.9.0.254', dev: 'v0' }, { gw: '10.9.0.253', dev: 'v0', weight: 3 }], table: 100 }]),
      call('addRoute', 'a', [{ dst: 'fd00:1::/64', gw: 'fd00:9::fe', table: 100 }]),
      call('listRoutes', 'a', [4], ok([
        JSON.stringify({ dev: 'v0', dst: '10.1.0.0/16', gw: '10.9.0.253', metric: 50, protocol: 'boot', scope: 0, table: 254 }),
        v4Prefix('10.9.0.0/24', 'v0', '10.9.0.1'),
      ]), 'routes'),
      call('listRoutes', 'a', [4, { table: 100 }], ok([
        JSON.stringify({ dst: '10.2.0.0/16', nexthops: [{ dev: 'v0', gw: '10.9.0.253', weight: 3 }, { dev: 'v0', gw: '10.9.0.254', weight: 1 }], protocol: 'boot', scope: 0, table: 100 }),
      ]), 'routes'),
      call('listRoutes', 'a', [6, { table: 100 }], ok([
        JSON.stringify({ dev: 'v0', dst: 'fd00:1::/64', gw: 'fd00:9::fe', metric: 1024, protocol: 'boot', scope: 0, table: 100 }),
      ]), 'routes'),
      call('listRoutes', 'a', [4, { table: 4242 }], ok([]), 'routes'),
      call('deleteRoute', 'a', [{ dst: '10.2.0.0/16', table: 100 }]),
      call('deleteRoute', 'a', [{ dst: '10.2.0.0/16', table: 100 }], err('RouteNotFoundError')),
      call('deleteRoute', 'a', [{ dst: '10.3.0.0/16', table: 4243 }], err('RouteNotFoundError')),
    ],
  },
  {
    name: 'rules: explicit priority collides, default priority goes above main, family checked, delete mismatch',
    steps: [
      call('addRule', 'a', [{ family: 4, from: '10.9.0.1/24', table: 100, priority: 1000 }]),
      call('addRule', 'a', [{ family: 4, from: '10.9.0.1/24', table: 100, priority: 1000 }], err('NetlinkError', 'exists')),
      call('addRule', 'a', [{ family: 6, from: 'fd00:9::1/64', table: 100 }]),
      call('addRule', 'a', [{ family: 4, from: 'fd00:9::1/64', table: 100 }], err('NetlinkError', 'invalid')),
      call('listRules', 'a', [4], ok([MAIN_RULES_V4[0], '{"family":4,"from":"10.9.0.1/24","priority":1000,"table":100}', ...MAIN_RULES_V4.slice(1)]), 'rules'),
      call('listRules', 'a', [6], ok([MAIN_RULES_V6[0], '{"family":6,"from":"fd00:9::1/64","priority":32765,"table":100}', MAIN_RULES_V6[1]]), 'rules'),
      call('deleteRule', 'a', [{ family: 4, from: '10.9.0.0/24', table: 100 }], err('RuleNotFoundError')),
      call('deleteRule', 'a', [{ family: 4, from: '10.9.0.1/24', table: 100 }]),
      call('deleteRule', 'a', [{ family: 6, from: 'fd00:9::1/64', table: 100 }]),
      call('listRules', 'a', [6], ok(MAIN_RULES_V6), 'rules'),
    ],
  },
  {
    name: 'batch stops at the first failure and names it by index; batchAll goes on and lists failures',
    steps: [
      ...wired,
      call('batch', 'a', [[
        { op: 'rule.add', rule: { family: 4, from: '10.9.0.1/24', table: 100 } },
        { op: 'route.add', route: { dst: '10.1.0.0/16', gw: '10.9.0.254', dev: 'v0', table: 100 } },
        { op: 'route.add', route: { dst: '10.2.0.0/16', gw: '10.9.0.254', dev: 'eth9', table: 100 } },
        { op: 'route.add', route: { dst: 'fd00:1::/64', gw: 'fd00:9::fe', dev: 'v0', table: 100 } },
      ]], err('LinkNotFoundError', undefined, 2)),
      call('listRoutes', 'a', [4, { table: 100 }], ok([
        JSON.stringify({ dev: 'v0', dst: '10.1.0.0/16', gw: '10.9.0.254', protocol: 'boot', scope: 0, table: 100 }),
      ]), 'routes'),
      call('listRoutes', 'a', [6, { table: 100 }], ok([]), 'routes'),
      call('batch', 'a', [[{ op: 'route.add', route: { dst: '10.1.0.0/16', gw: '10.9.0.254', dev: 'v0', table: 100 } }]], err('NetlinkError', 'exists', 0)),
      call('batchAll', 'a', [[
        { op: 'rule.del', rule: { family: 4, from: '10.9.0.1/24', table: 100 } },
        { op: 'route.del', route: { dst: '10.1.0.0/16', table: 100 } },
        { op: 'rule.del', rule: { family: 6, from: 'fd00:9::1/64', table: 100 } },
        { op: 'route.del', route: { dst: 'fd00:1::/64', table: 100 } },
      ]], ok(['2 RuleNotFoundError', '3 RouteNotFoundError']), 'failures'),
      call('listRoutes', 'a', [4, { table: 100 }], ok([]), 'routes'),
    ],
  },
  {
    name: 'sysctls are per netns, per-interface keys exist only with the link, integers only',
    steps: [
      call('addVeth', 'a', ['v0', 'v1']),
      // A new netns copies IPv4 forwarding from the host's (devconf_inherit_init_net), so start both at a known 0.
      call('setSysctl', 'a', ['net.ipv4.ip_forward', '0']),
      call('setSysctl', 'b', ['net.ipv4.ip_forward', '0']),
      call('getSysctl', 'a', ['net.ipv4.ip_forward'], ok('0')),
      call('setSysctl', 'a', ['net.ipv4.ip_forward', '1']),
      call('getSysctl', 'a', ['net.ipv4.ip_forward'], ok('1')),
      call('getSysctl', 'b', ['net.ipv4.ip_forward'], ok('0')),
      call('setSysctl', 'a', ['net/ipv6/conf/v0/accept_ra', '0']),
      call('getSysctl', 'a', ['net.ipv6.conf.v0.accept_ra'], ok('0')),
      call('getSysctl', 'a', ['net.ipv4.conf.eth9.rp_filter'], err('NetlinkError', 'not-found')),
      call('setSysctl', 'a', ['net.ipv4.conf.eth9.rp_filter', '1'], err('NetlinkError', 'not-found')),
      call('setSysctl', 'a', ['net.ipv4.ip_forward', 'x'], err('NetlinkError', 'invalid')),
      call('setSysctl', 'a', ['net.ipv4.conf.v0.rp_filter', 'x'], err('NetlinkError', 'invalid')),
    ],
  },
  {
    name: 'dummy and ipvlan links exist where the kernel has them, else fail as not-supported',
    steps: [
      call('addBridge', 'a', ['br0']),
      { ...call('addDummy', 'a', ['d0']), needs: { kind: 'dummy' }, otherwise: err('NetlinkError', 'not-supported') },
      {
        ...call('addIpvlan', 'a', [{ name: 'i0', master: 'br0', mode: 'l2', into: '@b' }]),
        needs: { kind: 'ipvlan' },
        otherwise: err('NetlinkError', 'not-supported'),
      },
    ],
  },
];
