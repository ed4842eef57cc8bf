import { invalidConfig } from '@plexus/cni-spec';
import { parseIp } from '@plexus/ip';
import { readInteger, readKnownObject, readString } from '@plexus/json-fields';
import { MAX_U32, MAX_WEIGHT } from './parse-routes';
import { readGateway } from './read-fields';
import type { DefaultRouteEntry } from './types';

const DEFAULT_KEYS = ['gw', 'metric', 'weight'] as const;

/**
 * parseDefaultRoute reads `defaultRoute`: one `{gw, metric?, weight?}` or a list of them (one per family, or
 * several of a family for an ECMP default). The family comes from the gateway.
 */
export function parseDefaultRoute(raw: unknown, field: string): DefaultRouteEntry[] {
  if (raw === undefined || raw === null) return [];
  const items = Array.isArray(raw) ? raw.map((x, i) => [x, `${field}[${i}]`] as const) : [[raw, field] as const];
  const entries = items.map(([item, f]) => {
    const o = readKnownObject(item, f, DEFAULT_KEYS);
    const text = readString(o.gw, `${f}.gw`);
    if (text === undefined) throw invalidConfig(`${f}.gw`, 'missing: a default route needs a gateway');
    const family = parseIp(text.trim())?.family;
    if (!family) throw invalidConfig(`${f}.gw`, `${JSON.stringify(text)} is not an IP address`);
    const entry: DefaultRouteEntry = { field: f, family, gw: readGateway(text, `${f}.gw`, family)! };
    const metric = readInteger(o.metric, `${f}.metric`, 0, MAX_U32);
    if (metric !== undefined) entry.metric = metric;
    const weight = readInteger(o.weight, `${f}.weight`, 1, MAX_WEIGHT);
    if (weight !== undefined) entry.weight = weight;
    return entry;
  });
  for (const family of [4, 6] as const) {
    const same = entries.filter((e) => e.family === family);
    const metrics = new Set(same.map((e) => e.metric ?? 0));
    if (metrics.size > 1) throw invalidConfig(`${same[1]!.field}.metric`, `the IPv${family} default routes form one ECMP group and need one metric`);
    const gws = new Set(same.map((e) => e.gw));
    if (gws.size < same.length) throw invalidConfig(`${same[same.length - 1]!.field}.gw`, `IPv${family} default gateway listed twice`);
  }
  return entries;
}
