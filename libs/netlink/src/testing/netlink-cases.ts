import type { CaseExpect, CallStep, NetlinkCase } from './run-netlink-case';

// The one table of netlink behaviour that FakeNetlink (libs/netlink fake-netlink-cases.spec.ts) and IpRoute2Netlink
// on this kernel (e2e/src/netlink/shared-cases.e2e.ts) must both satisfy. Expected values were observed with
// iproute2 6.x on Linux 6.18 inside throwaway netns. Only veth and bridge links are created (what every CI kernel
// has); dummy and ipvlan outcomes depend on the kernel's capabilities. Add a case here, never in one runner only.

const ok = (value?: unknown): CaseExpect => (value === undefined ? { ok: true } : { ok: true, value });
const err = (error: Extract<CaseExpect, { error: string }>['error'], kind?: string, batchIndex?: number): CaseExpect => ({ error, kind, batchIndex });
const call = (c: CallStep['call'], args: unknown[], expect: CaseExpect = ok(), view?: CallStep['view']): CallStep => ({ call: c, args, expect, view });

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
  call('addVeth', ['v0', 'v1', '@a']),
  call('addAddr', ['v0', '10.9.0.1/24', '@a']),
  call('addAddr', ['v0', 'fd00:9::1/64', '@a']),
  call('setLinkUp', ['v0', '@a']),
  call('setLinkUp', ['v1', '@a']),
];

export const NETLINK_CASES: NetlinkCase[] = [
  {
    name: 'a fresh netns has only lo (down), no addresses, no main routes and the default rules',
    steps: [
      call('checkNetns', ['@a']),
      call('listLinks', ['@a'], ok(['lo']), 'linkNames'),
      call('getLink', ['lo', '@a'], ok({ name: 'lo', mtu: 65536, up: false }), 'link'),
      call('listAddrs', [undefined, '@a'], ok([]), 'addrs'),
      call('listRoutes', [4, '@a'], ok([]), 'routes'),
      call('listRoutes', [6, '@a'], ok([]), 'routes'),
      call('listRules', [4, '@a'], ok(MAIN_RULES_V4), 'rules'),
      call('listRules', [6, '@a'], ok(MAIN_RULES_V6), 'rules'),
    ],
  },
  {
    name: 'a missing path and a file that is not a netns fail with their own typed errors on every call',
    steps: [
      call('checkNetns', ['@missing'], err('NetnsNotFoundError')),
      call('checkNetns', ['@notns'], err('NotANetnsError')),
      call('listLinks', ['@missing'], err('NetnsNotFoundError')),
      call('listLinks', ['@notns'], err('NotANetnsError')),
      call('addBridge', ['br0', '@missing'], err('NetnsNotFoundError')),
      call('listAddrs', [undefined, '@missing'], err('NetnsNotFoundError')),
      call('batch', [[['route', 'add', '10.1.0.0/16', 'dev', 'v0']], '@missing'], err('NetnsNotFoundError')),
    ],
  },
  {
    name: 'a netns deleted under us reads as missing',
    steps: [
      call('addBridge', ['br0', '@a']),
      { world: 'removeNetns', netns: 'a' },
      call('listLinks', ['@a'], err('NetnsNotFoundError')),
      call('deleteLink', ['br0', '@a'], err('NetnsNotFoundError')),
      call('listLinks', ['@b'], ok(['lo']), 'linkNames'),
    ],
  },
  {
    name: 'lo up gets 127.0.0.1/8 and ::1/128 (scope host, no main route); lo down keeps only the IPv4 one',
    steps: [
      call('setLinkUp', ['lo', '@a']),
      call('listAddrs', ['lo', '@a'], ok(['lo 127.0.0.1/8 host', 'lo ::1/128 host']), 'addrs'),
      call('listRoutes', [4, '@a'], ok([]), 'routes'),
      call('setLinkDown', ['lo', '@a']),
      call('listAddrs', ['lo', '@a'], ok(['lo 127.0.0.1/8 host']), 'addrs'),
      call('deleteLink', ['lo', '@a'], err('NetlinkError', 'not-supported')),
    ],
  },
  {
    name: 'a veth pair in one netns names its peer; across two netns it is created in both and deleted together',
    steps: [
      call('addVeth', ['v0', 'v1', '@a']),
      call('getLink', ['v0', '@a'], ok({ name: 'v0', kind: 'veth', mtu: 1500, up: false, parentName: 'v1' }), 'link'),
      call('addVeth', ['eth0', 'peer0', '@a', '@b']),
      call('listLinks', ['@a'], ok(['eth0', 'lo', 'v0', 'v1']), 'linkNames'),
      call('getLink', ['peer0', '@b'], ok({ name: 'peer0', kind: 'veth', mtu: 1500, up: false }), 'link'),
      call('deleteLink', ['eth0', '@a']),
      call('listLinks', ['@b'], ok(['lo']), 'linkNames'),
      call('deleteLink', ['v1', '@a']),
      call('findLink', ['v0', '@a'], ok(undefined), 'link'),
    ],
  },
  {
    name: 'names are unique per netns: duplicates are refused as exists',
    steps: [
      call('addBridge', ['br0', '@a']),
      call('addBridge', ['br0', '@a'], err('NetlinkError', 'exists')),
      call('addVeth', ['br0', 'x1', '@a'], err('NetlinkError', 'exists')),
      call('addVeth', ['x0', 'x0', '@a'], err('NetlinkError', 'exists')),
      call('addBridge', ['br0', '@b']),
      call('listLinks', ['@a'], ok(['br0', 'lo']), 'linkNames'),
    ],
  },
  {
    name: 'every operation on a missing link is LinkNotFoundError; findLink is undefined',
    steps: [
      call('getLink', ['eth9', '@a'], err('LinkNotFoundError')),
      call('findLink', ['eth9', '@a'], ok(undefined), 'link'),
      call('setLinkUp', ['eth9', '@a'], err('LinkNotFoundError')),
      call('setLinkDown', ['eth9', '@a'], err('LinkNotFoundError')),
      call('setLinkMtu', ['eth9', 1400, '@a'], err('LinkNotFoundError')),
      call('renameLink', ['eth9', 'eth8', '@a'], err('LinkNotFoundError')),
      call('deleteLink', ['eth9', '@a'], err('LinkNotFoundError')),
      call('moveLink', ['eth9', '@b', '@a'], err('LinkNotFoundError')),
      call('addAddr', ['eth9', '10.0.0.1/24', '@a'], err('LinkNotFoundError')),
      call('listAddrs', ['eth9', '@a'], err('LinkNotFoundError')),
      call('addRoute', [{ dst: '10.1.0.0/16', dev: 'eth9' }, '@a'], err('LinkNotFoundError')),
    ],
  },
  {
    name: 'bridge ports, mtu bounds and master checks',
    steps: [
      call('addBridge', ['br0', '@a']),
      call('addVeth', ['v0', 'v1', '@a']),
      call('setLinkMaster', ['v0', 'br0', '@a']),
      call('setLinkMtu', ['v0', 1400, '@a']),
      call('getLink', ['v0', '@a'], ok({ name: 'v0', kind: 'veth', mtu: 1400, up: false, parentName: 'v1', master: 'br0' }), 'link'),
      call('setLinkMaster', ['v1', 'v0', '@a'], err('NetlinkError', 'not-supported')),
      call('setLinkMtu', ['v1', 67, '@a'], err('NetlinkError', 'invalid')),
      call('setLinkMtu', ['v1', 65536, '@a'], err('NetlinkError', 'invalid')),
      call('setLinkMtu', ['v1', 65535, '@a']),
      call('deleteLink', ['br0', '@a']),
      call('getLink', ['v0', '@a'], ok({ name: 'v0', kind: 'veth', mtu: 1400, up: false, parentName: 'v1' }), 'link'),
    ],
  },
  {
    name: 'rename: down is fine, onto a taken name is exists, while up depends on the kernel',
    steps: [
      call('addVeth', ['v0', 'v1', '@a']),
      call('renameLink', ['v0', 'eth0', '@a']),
      call('renameLink', ['eth0', 'v1', '@a'], err('NetlinkError', 'exists')),
      call('addAddr', ['eth0', '10.9.0.1/24', '@a']),
      call('setLinkUp', ['eth0', '@a']),
      { ...call('renameLink', ['eth0', 'eth1', '@a']), needs: { cap: 'liveRename' }, otherwise: err('NetlinkError') },
      { ...call('listAddrs', [undefined, '@a'], ok(['eth1 10.9.0.1/24 global']), 'addrs'), needs: { cap: 'liveRename' }, otherwise: ok(['eth0 10.9.0.1/24 global']) },
      { ...call('listRoutes', [4, '@a'], ok([v4Prefix('10.9.0.0/24', 'eth1', '10.9.0.1')]), 'routes'), needs: { cap: 'liveRename' }, otherwise: ok([v4Prefix('10.9.0.0/24', 'eth0', '10.9.0.1')]) },
    ],
  },
  {
    name: 'moving a link flushes its addresses and routes, brings it down, and refuses a taken name',
    steps: [
      ...wired,
      call('moveLink', ['v0', '@b', '@a']),
      call('getLink', ['v0', '@b'], ok({ name: 'v0', kind: 'veth', mtu: 1500, up: false }), 'link'),
      call('listAddrs', [undefined, '@b'], ok([]), 'addrs'),
      call('listRoutes', [4, '@a'], ok([]), 'routes'),
      call('addBridge', ['v1', '@b']),
      call('moveLink', ['v1', '@b', '@a'], err('NetlinkError', 'exists')),
      call('moveLink', ['v1', '@missing', '@a'], err('NetnsNotFoundError')),
    ],
  },
  {
    name: 'addresses: IPv4 keyed by address and prefix, IPv6 by address; deleting twice is not-found',
    steps: [
      call('addVeth', ['v0', 'v1', '@a']),
      call('addAddr', ['v0', '10.9.0.1/24', '@a']),
      call('addAddr', ['v0', '10.9.0.1/24', '@a'], err('NetlinkError', 'exists')),
      call('addAddr', ['v0', '10.9.0.1/16', '@a']),
      call('addAddr', ['v0', 'fd00:9::1/64', '@a']),
      call('addAddr', ['v0', 'fd00:9::1/48', '@a'], err('NetlinkError', 'exists')),
      call('addAddr', ['v1', '10.9.0.1/24', '@a']),
      call('listAddrs', ['v0', '@a'], ok(['v0 10.9.0.1/16 global', 'v0 10.9.0.1/24 global', 'v0 fd00:9::1/64 global']), 'addrs'),
      call('deleteAddr', ['v0', '10.9.0.1/16', '@a']),
      call('deleteAddr', ['v0', '10.9.0.1/16', '@a'], err('NetlinkError', 'not-found')),
      call('deleteAddr', ['v0', 'fd00:9::1/64', '@a']),
      call('listAddrs', [undefined, '@a'], ok(['v0 10.9.0.1/24 global', 'v1 10.9.0.1/24 global']), 'addrs'),
    ],
  },
  {
    name: 'prefix routes exist only while the link is up; down drops its routes and IPv6 addresses',
    steps: [
      call('addVeth', ['v0', 'v1', '@a']),
      call('addAddr', ['v0', '10.9.0.1/24', '@a']),
      call('addAddr', ['v0', '10.9.0.9/32', '@a']),
      call('addAddr', ['v0', 'fd00:9::1/64', '@a']),
      call('listRoutes', [4, '@a'], ok([]), 'routes'),
      call('listRoutes', [6, '@a'], ok([]), 'routes'),
      call('setLinkUp', ['v0', '@a']),
      call('listRoutes', [4, '@a'], ok([v4Prefix('10.9.0.0/24', 'v0', '10.9.0.1')]), 'routes'),
      call('listRoutes', [6, '@a'], ok([v6Prefix('fd00:9::/64', 'v0')]), 'routes'),
      call('addRoute', [{ dst: '10.20.0.0/16', gw: '10.9.0.254' }, '@a']),
      call('setLinkDown', ['v0', '@a']),
      call('listRoutes', [4, '@a'], ok([]), 'routes'),
      call('listAddrs', ['v0', '@a'], ok(['v0 10.9.0.1/24 global', 'v0 10.9.0.9/32 global']), 'addrs'),
      call('setLinkUp', ['v0', '@a']),
      call('listRoutes', [4, '@a'], ok([v4Prefix('10.9.0.0/24', 'v0', '10.9.0.1')]), 'routes'),
      call('listRoutes', [6, '@a'], ok([]), 'routes'),
    ],
  },
  {
    name: 'a route needs an up device and a reachable gateway',
    steps: [
      call('addVeth', ['v0', 'v1', '@a']),
      call('addAddr', ['v0', '10.9.0.1/24', '@a']),
      call('addRoute', [{ dst: '10.5.0.0/16', dev: 'v0' }, '@a'], err('NetlinkError', 'other')),
      call('addRoute', [{ dst: '10.6.0.0/16', gw: '10.9.0.254', dev: 'v0' }, '@a'], err('NetlinkError', 'invalid')),
      call('addRoute', [{ dst: '10.7.0.0/16', gw: '10.9.0.254', dev: 'v0', onlink: true }, '@a'], err('NetlinkError', 'other')),
      call('addRoute', [{ dst: 'fd00:5::/64', dev: 'v0' }, '@a'], err('NetlinkError', 'other')),
      call('setLinkUp', ['v0', '@a']),
      call('addRoute', [{ dst: '10.5.0.0/16', dev: 'v0' }, '@a']),
      call('addRoute', [{ dst: '10.6.0.0/16', gw: '192.0.2.1' }, '@a'], err('NetlinkError', 'invalid')),
      call('addRoute', [{ dst: '10.7.0.0/16', gw: '192.0.2.1', dev: 'v0', onlink: true }, '@a']),
      call('listRoutes', [4, '@a', { dev: 'v0' }], ok([
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
      call('addRoute', [{ dst: '10.1.0.0/16', gw: '10.9.0.254', metric: 50 }, '@a']),
      call('addRoute', [{ dst: '10.1.0.0/16', gw: '10.9.0.254', metric: 50 }, '@a'], err('NetlinkError', 'exists')),
      call('replaceRoute', [{ dst: '10.1.0.0/16', gw: '10.9.0.253', metric: 50 }, '@a']),
      call('addRoute', [{ dst: '10.2.0.0/16', nexthops: [{ gw: '10.9.0.254', dev: 'v0' }, { gw: '10.9.0.253', dev: 'v0', weight: 3 }], table: 100 }, '@a']),
      call('addRoute', [{ dst: 'fd00:1::/64', gw: 'fd00:9::fe', table: 100 }, '@a']),
      call('listRoutes', [4, '@a'], ok([
        JSON.stringify({ dev: 'v0', dst: '10.1.0.0/16', gw: '10.9.0.253', metric: 50, protocol: 'boot', scope: 0, table: 254 }),
        v4Prefix('10.9.0.0/24', 'v0', '10.9.0.1'),
      ]), 'routes'),
      call('listRoutes', [4, '@a', { table: 100 }], ok([
        JSON.stringify({ dst: '10.2.0.0/16', nexthops: [{ dev: 'v0', gw: '10.9.0.253', weight: 3 }, { dev: 'v0', gw: '10.9.0.254', weight: 1 }], protocol: 'boot', scope: 0, table: 100 }),
      ]), 'routes'),
      call('listRoutes', [6, '@a', { table: 100 }], ok([
        JSON.stringify({ dev: 'v0', dst: 'fd00:1::/64', gw: 'fd00:9::fe', metric: 1024, protocol: 'boot', scope: 0, table: 100 }),
      ]), 'routes'),
      call('listRoutes', [4, '@a', { table: 4242 }], ok([]), 'routes'),
      call('deleteRoute', [{ dst: '10.2.0.0/16', table: 100 }, '@a']),
      call('deleteRoute', [{ dst: '10.2.0.0/16', table: 100 }, '@a'], err('RouteNotFoundError')),
      call('deleteRoute', [{ dst: '10.3.0.0/16', table: 4243 }, '@a'], err('RouteNotFoundError')),
    ],
  },
  {
    name: 'rules: explicit priority collides, default priority goes above main, family checked, delete mismatch',
    steps: [
      call('addRule', [{ family: 4, from: '10.9.0.1/24', table: 100, priority: 1000 }, '@a']),
      call('addRule', [{ family: 4, from: '10.9.0.1/24', table: 100, priority: 1000 }, '@a'], err('NetlinkError', 'exists')),
      call('addRule', [{ family: 6, from: 'fd00:9::1/64', table: 100 }, '@a']),
      call('addRule', [{ family: 4, from: 'fd00:9::1/64', table: 100 }, '@a'], err('NetlinkError', 'invalid')),
      call('listRules', [4, '@a'], ok([MAIN_RULES_V4[0], '{"family":4,"from":"10.9.0.1/24","priority":1000,"table":100}', ...MAIN_RULES_V4.slice(1)]), 'rules'),
      call('listRules', [6, '@a'], ok([MAIN_RULES_V6[0], '{"family":6,"from":"fd00:9::1/64","priority":32765,"table":100}', MAIN_RULES_V6[1]]), 'rules'),
      call('deleteRule', [{ family: 4, from: '10.9.0.0/24', table: 100 }, '@a'], err('RuleNotFoundError')),
      call('deleteRule', [{ family: 4, from: '10.9.0.1/24', table: 100 }, '@a']),
      call('deleteRule', [{ family: 6, from: 'fd00:9::1/64', table: 100 }, '@a']),
      call('listRules', [6, '@a'], ok(MAIN_RULES_V6), 'rules'),
    ],
  },
  {
    name: 'batch stops at the first failure and names it by index; batchAll goes on and lists failures',
    steps: [
      ...wired,
      call('batch', [[
        ['rule', 'add', 'from', '10.9.0.1/24', 'table', '100'],
        ['route', 'add', '10.1.0.0/16', 'via', '10.9.0.254', 'dev', 'v0', 'table', '100'],
        ['route', 'add', '10.2.0.0/16', 'via', '10.9.0.254', 'dev', 'eth9', 'table', '100'],
        ['-6', 'route', 'add', 'fd00:1::/64', 'via', 'fd00:9::fe', 'dev', 'v0', 'table', '100'],
      ], '@a'], err('LinkNotFoundError', undefined, 2)),
      call('listRoutes', [4, '@a', { table: 100 }], ok([
        JSON.stringify({ dev: 'v0', dst: '10.1.0.0/16', gw: '10.9.0.254', protocol: 'boot', scope: 0, table: 100 }),
      ]), 'routes'),
      call('listRoutes', [6, '@a', { table: 100 }], ok([]), 'routes'),
      call('batch', [[['route', 'add', '10.1.0.0/16', 'via', '10.9.0.254', 'dev', 'v0', 'table', '100']], '@a'], err('NetlinkError', 'exists', 0)),
      call('batchAll', [[
        ['rule', 'del', 'from', '10.9.0.1/24', 'table', '100'],
        ['route', 'del', '10.1.0.0/16', 'table', '100'],
        ['-6', 'rule', 'del', 'from', 'fd00:9::1/64', 'table', '100'],
        ['-6', 'route', 'del', 'fd00:1::/64', 'table', '100'],
      ], '@a'], ok(['2 RuleNotFoundError', '3 RouteNotFoundError']), 'failures'),
      call('listRoutes', [4, '@a', { table: 100 }], ok([]), 'routes'),
    ],
  },
  {
    name: 'sysctls are per netns, per-interface keys exist only with the link, integers only',
    steps: [
      call('addVeth', ['v0', 'v1', '@a']),
      // A new netns copies IPv4 forwarding from the host's (devconf_inherit_init_net), so start both at a known 0.
      call('setSysctl', ['net.ipv4.ip_forward', '0', '@a']),
      call('setSysctl', ['net.ipv4.ip_forward', '0', '@b']),
      call('getSysctl', ['net.ipv4.ip_forward', '@a'], ok('0')),
      call('setSysctl', ['net.ipv4.ip_forward', '1', '@a']),
      call('getSysctl', ['net.ipv4.ip_forward', '@a'], ok('1')),
      call('getSysctl', ['net.ipv4.ip_forward', '@b'], ok('0')),
      call('setSysctl', ['net/ipv6/conf/v0/accept_ra', '0', '@a']),
      call('getSysctl', ['net.ipv6.conf.v0.accept_ra', '@a'], ok('0')),
      call('getSysctl', ['net.ipv4.conf.eth9.rp_filter', '@a'], err('NetlinkError', 'not-found')),
      call('setSysctl', ['net.ipv4.conf.eth9.rp_filter', '1', '@a'], err('NetlinkError', 'not-found')),
      call('setSysctl', ['net.ipv4.ip_forward', 'x', '@a'], err('NetlinkError', 'invalid')),
      call('setSysctl', ['net.ipv4.conf.v0.rp_filter', 'x', '@a'], err('NetlinkError', 'invalid')),
    ],
  },
  {
    name: 'dummy and ipvlan links exist where the kernel has them, else fail as not-supported',
    steps: [
      call('addBridge', ['br0', '@a']),
      { ...call('addDummy', ['d0', '@a']), needs: { kind: 'dummy' }, otherwise: err('NetlinkError', 'not-supported') },
      {
        ...call('addIpvlan', [{ name: 'i0', master: 'br0', mode: 'l2', masterNetns: '@a', targetNetns: '@b' }]),
        needs: { kind: 'ipvlan' },
        otherwise: err('NetlinkError', 'not-supported'),
      },
    ],
  },
];
