import { invalidConfig, type Route } from '@plexus/cni-spec';
import { parseGateway } from './address';
import { parseGoCidr } from '@plexus/ip';
import { isJsonObject, jsonTypeOf, readInteger, readList, readString } from '@plexus/json-fields';

/** How to read a route list. */
export interface ParseRoutesOptions {
  /**
   * Read the CNI 1.1.0 route fields (mtu, advmss, priority, table, scope). Below 1.1.0 they are unknown keys and are
   * ignored, as the reference plugins built against spec 1.0.0 ignore them.
   */
  withSpec11Fields: boolean;
}

/** The 1.1.0 route fields with the largest value each may take (kernel u32, scope u8). */
const SPEC11_ROUTE_FIELDS = { mtu: 0xffffffff, advmss: 0xffffffff, priority: 0xffffffff, table: 0xffffffff, scope: 255 } as const;

/**
 * parseRoutes reads a route list (`ipam.routes`): `dst` is a CIDR (host bits kept, canonicalised), `gw` an optional
 * address. Errors are code 7 naming the field, e.g. `ipam.routes[2].dst`.
 */
export function parseRoutes(raw: unknown, field: string, opts: ParseRoutesOptions): Route[] {
  const list = readList(raw, field) ?? [];
  return list.map((item, i) => parseRoute(item, `${field}[${i}]`, opts));
}

function parseRoute(raw: unknown, field: string, opts: ParseRoutesOptions): Route {
  if (!isJsonObject(raw)) throw invalidConfig(field, `must be an object, got ${jsonTypeOf(raw)}`);
  const dstText = readString(raw.dst, `${field}.dst`);
  if (dstText === undefined) throw invalidConfig(`${field}.dst`, 'missing: a route needs a destination CIDR');
  const dst = parseGoCidr(dstText);
  if (!dst) throw invalidConfig(`${field}.dst`, `${JSON.stringify(dstText)} is not a CIDR`);
  const route: Route = { dst: dst.text };
  const gw = parseGateway(readString(raw.gw, `${field}.gw`), `${field}.gw`);
  if (gw !== undefined) route.gw = gw;
  if (opts.withSpec11Fields) {
    for (const [key, max] of Object.entries(SPEC11_ROUTE_FIELDS) as Array<[keyof typeof SPEC11_ROUTE_FIELDS, number]>) {
      const v = readInteger(raw[key], `${field}.${key}`, 0, max);
      if (v !== undefined) route[key] = v;
    }
  }
  return route;
}
