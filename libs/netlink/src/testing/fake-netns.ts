import { containsIp, parseCidr, parseIp, networkOf, formatCidr } from '@plexus/ip';
import type { IpvlanMode, RouteSpec, RuleSpec } from '../kernel-objects';

/** A link in the fake kernel. `id` is its ifindex (unique across namespaces in the fake). */
export interface FakeLink {
  id: number;
  name: string;
  kind?: string;
  mtu: number;
  up: boolean;
  mac: string;
  parentId?: number;
  peerId?: number;
  masterId?: number;
  ipvlanMode?: IpvlanMode;
}

/** An address on a link. */
export interface FakeAddr {
  ifName: string;
  cidr: string;
  family: 4 | 6;
  /** "host" for loopback addresses; undefined means global. */
  scope?: 'host';
}

/** One network namespace of the fake kernel. */
export interface FakeNetnsState {
  path: string;
  links: FakeLink[];
  addrs: FakeAddr[];
  /** Every route of every table, normalised (table, metric, scope and protocol filled in as the kernel does). */
  routes: RouteSpec[];
  rules: RuleSpec[];
  sysctls: Map<string, string>;
}

/** newNetnsState builds a fresh namespace as `ip netns add` leaves it: `lo` down and the default rules. */
export function newNetnsState(path: string, loId: number): FakeNetnsState {
  return {
    path,
    links: [{ id: loId, name: 'lo', mtu: 65536, up: false, mac: '00:00:00:00:00:00' }],
    addrs: [],
    routes: [],
    rules: [
      { family: 4, table: 255, priority: 0 },
      { family: 4, table: 254, priority: 32766 },
      { family: 4, table: 253, priority: 32767 },
      { family: 6, table: 255, priority: 0 },
      { family: 6, table: 254, priority: 32766 },
    ],
    sysctls: new Map([
      ['/proc/sys/net/ipv4/ip_forward', '0'],
      ['/proc/sys/net/ipv6/conf/all/forwarding', '0'],
      ['/proc/sys/net/ipv6/conf/all/disable_ipv6', '0'],
      ['/proc/sys/net/ipv6/conf/default/disable_ipv6', '0'],
    ]),
  };
}

/**
 * connectedLinkFor finds the up link whose addresses (or link-scope routes) make `gw` directly reachable: like the
 * kernel, which looks the gateway up in the routes, and a link that is down has none.
 */
export function connectedLinkFor(ns: FakeNetnsState, gw: string, dev?: string): string | undefined {
  const ip = parseIp(gw);
  if (!ip) return undefined;
  for (const a of ns.addrs) {
    if (dev !== undefined && a.ifName !== dev) continue;
    if (a.scope === 'host' || !ns.links.some((l) => l.name === a.ifName && l.up)) continue;
    const c = parseCidr(a.cidr);
    if (c && containsIp(c, ip)) return a.ifName;
  }
  for (const r of ns.routes) {
    if ((r.table ?? 254) !== 254 || r.gw || r.nexthops || !r.dev) continue;
    if (dev !== undefined && r.dev !== dev) continue;
    const c = parseCidr(r.dst);
    if (c && c.prefix > 0 && containsIp(c, ip)) return r.dev;
  }
  return undefined;
}

/** prefixRouteOf is the route the kernel adds for an address ("proto kernel scope link"), if any. */
export function prefixRouteOf(addr: FakeAddr): RouteSpec | undefined {
  // Loopback addresses only get routes in the local table, which the fake does not keep.
  if (addr.scope === 'host') return undefined;
  const c = parseCidr(addr.cidr);
  if (!c || c.prefix === (c.family === 4 ? 32 : 128)) return undefined;
  const route: RouteSpec = { dst: formatCidr(networkOf(c)), dev: addr.ifName, table: 254, protocol: 'kernel' };
  if (c.family === 4) {
    route.scope = 253;
    route.src = addr.cidr.split('/')[0];
  } else {
    route.scope = 0;
    route.metric = 256;
  }
  return route;
}

/** defaultRulePriority is the kernel's choice for a rule added without one: just above the first non-zero one. */
export function defaultRulePriority(rules: RuleSpec[], family: 4 | 6): number {
  const prios = rules.filter((r) => r.family === family && (r.priority ?? 0) > 0).map((r) => r.priority!);
  const first = prios.length ? Math.min(...prios) : 0;
  return first > 0 ? first - 1 : 0;
}
