import type { RouteSpec } from '@plexus/netlink';

/** What groupEcmp needs of a configured route. */
export interface HopSource {
  dst: string;
  gw?: string;
  metric?: number;
  weight?: number;
}

/**
 * groupEcmp turns configured entries into kernel routes through `dev`: entries sharing destination and metric
 * become one multipath route (one `nexthop` per gateway, as Go's ipam.ConfigureIface does with RouteAddEcmp); a
 * lone entry is a plain route. Order follows the first appearance of each destination.
 */
export function groupEcmp(entries: readonly HopSource[], dev: string, table?: number): RouteSpec[] {
  const groups = new Map<string, HopSource[]>();
  for (const e of entries) {
    const key = `${e.dst}|${e.metric ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const route: RouteSpec = { dst: first.dst, dev };
    if (group.length === 1) {
      if (first.gw) route.gw = first.gw;
    } else {
      route.nexthops = group.map((e) => ({ gw: e.gw!, dev, ...(e.weight !== undefined ? { weight: e.weight } : {}) }));
      delete route.dev;
    }
    if (table !== undefined) route.table = table;
    if (first.metric !== undefined) route.metric = first.metric;
    return route;
  });
}
