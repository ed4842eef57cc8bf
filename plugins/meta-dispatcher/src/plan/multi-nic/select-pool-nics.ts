import { containsIp, parseCidr } from '@plexus/ip';
import type { AddrInfo, LinkInfo, RouteSpec } from '@plexus/netlink';
import type { MultiNicOptions } from '../../config/dispatcher-config';

/** A host NIC that qualifies for the multi-NIC pool. */
export interface HostNic {
  name: string;
  /** Its IPv4 addresses (CIDR). */
  addresses: string[];
}

/** What the host looks like: its links, addresses and main-table IPv4 routes. */
export interface HostNetworkView {
  links: readonly LinkInfo[];
  addrs: readonly AddrInfo[];
  routes: readonly RouteSpec[];
}

/**
 * selectPoolNics picks the host NICs a multi-NIC network may spread over (pure; multi-nic-cni's discovery rule):
 * up, holding a global IPv4 address, not loopback, and not on the subnet of the default-route interface (that is
 * the node's own network, not a secondary fabric). `multiNic.excludeNics` (exact names or `prefix*`) removes NICs;
 * `multiNic.hostNics` restricts the pool to those names, in that order. Otherwise the pool is in name order, so
 * every invocation on a host sees the same order.
 */
export function selectPoolNics(view: HostNetworkView, opts: MultiNicOptions): HostNic[] {
  const defaultNets = defaultRouteSubnets(view);
  const candidates = view.links
    .filter((l) => l.up && l.name !== 'lo' && l.kind !== 'loopback')
    .filter((l) => !opts.excludeNics.some((p) => matchesPattern(l.name, p)))
    .map((l) => ({ name: l.name, addresses: globalV4(view.addrs, l.name) }))
    .filter((n) => n.addresses.length > 0)
    .filter((n) => !n.addresses.some((a) => defaultNets.some((net) => inNet(net, a))));
  if (opts.hostNics) {
    const byName = new Map(candidates.map((n) => [n.name, n]));
    return opts.hostNics.flatMap((name) => byName.get(name) ?? []);
  }
  return candidates.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** defaultRouteSubnets lists the IPv4 networks of every interface a default route leaves through. */
function defaultRouteSubnets(view: HostNetworkView): string[] {
  const devs = new Set<string>();
  for (const r of view.routes) {
    if (r.dst !== '0.0.0.0/0') continue;
    if (r.dev) devs.add(r.dev);
    for (const h of r.nexthops ?? []) if (h.dev) devs.add(h.dev);
  }
  return [...devs].flatMap((d) => globalV4(view.addrs, d));
}

function globalV4(addrs: readonly AddrInfo[], ifName: string): string[] {
  return addrs.filter((a) => a.ifName === ifName && a.family === 4 && (a.scope === undefined || a.scope === 'global')).map((a) => a.address);
}

function inNet(net: string, address: string): boolean {
  const n = parseCidr(net);
  const a = parseCidr(address);
  return n !== undefined && a !== undefined && containsIp(n, a);
}

function matchesPattern(name: string, pattern: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}
