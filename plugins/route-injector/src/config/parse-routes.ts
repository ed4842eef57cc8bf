import { invalidConfig } from '@plexus/cni-spec';
import { readInteger, readKnownObject, readList } from '@plexus/json-fields';
import { readGateway, readNetwork } from './read-fields';
import type { RouteEntry } from './types';

const ROUTE_KEYS = ['dst', 'gw', 'metric', 'weight'] as const;
/** Kernel limits: metrics are u32; an ECMP weight is 1–256 (rtnh_hops + 1). */
export const MAX_U32 = 0xffffffff;
export const MAX_WEIGHT = 256;

/** parseRouteList reads `[{dst, gw?, metric?, weight?}]` at `field` (absent = empty). */
export function parseRouteList(raw: unknown, field: string): RouteEntry[] {
  const list = readList(raw, field) ?? [];
  const routes = list.map((item, i) => parseRouteEntry(item, `${field}[${i}]`));
  checkRouteGroups(routes);
  return routes;
}

function parseRouteEntry(raw: unknown, field: string): RouteEntry {
  const o = readKnownObject(raw, field, ROUTE_KEYS);
  const { dst, family } = readNetwork(o.dst, `${field}.dst`);
  const entry: RouteEntry = { field, dst, family };
  const gw = readGateway(o.gw, `${field}.gw`, family);
  if (gw !== undefined) entry.gw = gw;
  const metric = readInteger(o.metric, `${field}.metric`, 0, MAX_U32);
  if (metric !== undefined) entry.metric = metric;
  const weight = readInteger(o.weight, `${field}.weight`, 1, MAX_WEIGHT);
  if (weight !== undefined) entry.weight = weight;
  return entry;
}

/**
 * checkRouteGroups enforces what makes a list installable: entries sharing a destination and metric form one ECMP
 * route, so each needs its own gateway (a device route cannot be a next hop of a group, and the same gateway
 * twice would be the same next hop).
 */
export function checkRouteGroups(routes: readonly RouteEntry[]): void {
  const groups = new Map<string, RouteEntry[]>();
  for (const r of routes) {
    const key = `${r.dst}|${r.metric ?? ''}`;
    const group = groups.get(key) ?? [];
    if (group.length) {
      const first = group[0]!;
      if (!r.gw || !first.gw) {
        throw invalidConfig(`${r.field}.gw`, `${r.dst} appears more than once (${first.field}): several entries for one destination form an ECMP group and each needs a gw`);
      }
      const dup = group.find((g) => g.gw === r.gw);
      if (dup) throw invalidConfig(`${r.field}.gw`, `${r.dst} via ${r.gw} duplicates ${dup.field}`);
    }
    group.push(r);
    groups.set(key, group);
  }
}
