import type { NetnsScope, RouteSpec } from '@plexus/netlink';

const DEFAULT_DST: Record<4 | 6, string> = { 4: '0.0.0.0/0', 6: '::/0' };

/**
 * findDefaultRouteInterface returns the device of the first default route of the main table, IPv4 before IPv6
 * (the reference lists both families in that order), or undefined. A default route without a device (blackhole,
 * unreachable) is skipped; a multipath one gives its first next hop's device.
 */
export async function findDefaultRouteInterface(netns: NetnsScope): Promise<string | undefined> {
  for (const family of [4, 6] as const) {
    let routes: RouteSpec[];
    try {
      routes = await netns.listRoutes(family);
    } catch (e) {
      // A host booted with ipv6.disable=1 cannot list IPv6 routes; that only means "no IPv6 default route".
      if (family === 6) return undefined;
      throw e;
    }
    const dev = routes.filter((r) => r.dst === DEFAULT_DST[family]).map(deviceOf).find((d) => d !== undefined);
    if (dev) return dev;
  }
  return undefined;
}

function deviceOf(r: RouteSpec): string | undefined {
  return r.dev ?? r.nexthops?.find((h) => h.dev)?.dev;
}
