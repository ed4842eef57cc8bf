import { canonicalCidr, containsCidr, parseCidr, parseIp, type Cidr } from '@plexus/ip';
import type { RouteSpec } from '@plexus/netlink';
import type { HostClaim } from '../host-index/host-claim';

/** Inputs of planL3Routes. */
export interface L3PlanInput {
  subnet: Cidr;
  table: number;
  selfNode: string;
  claims: readonly HostClaim[];
  /** This host's NIC per pool position. */
  localNics: ReadonlyMap<number, string>;
}

/**
 * planL3Routes lists the routes this host's L3 table should hold (pure): for every other host's block on pool
 * position i, a route via that host's IP on position i, out of this host's NIC for position i (multi-nic-cni's
 * `/addl3` payload). Records without a host IP, of a position this host has no NIC for, of the other address family
 * or outside the subnet are skipped: the table must never route anything but this network's blocks.
 */
export function planL3Routes(input: L3PlanInput): RouteSpec[] {
  const routes: RouteSpec[] = [];
  const seen = new Set<string>();
  for (const claim of [...input.claims].sort((a, b) => a.hostIndex - b.hostIndex)) {
    if (claim.nodeName === input.selfNode) continue;
    for (const rec of claim.interfaces) {
      const dev = input.localNics.get(rec.interfaceIndex);
      const block = parseCidr(rec.podCIDR ?? '');
      const gw = rec.hostIP === undefined ? undefined : parseIp(rec.hostIP);
      if (!dev || !block || !gw || gw.family !== input.subnet.family || !containsCidr(input.subnet, block)) continue;
      const dst = canonicalCidr(rec.podCIDR)!;
      if (seen.has(dst)) continue;
      seen.add(dst);
      routes.push({ dst, gw: rec.hostIP!, dev, table: input.table });
    }
  }
  return routes;
}
