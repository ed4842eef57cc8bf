import { invalidConfig } from '@plexus/cni-spec';
import { readInteger, readKnownObject, readList } from '@plexus/json-fields';
import { MAX_U32, parseRouteList } from './parse-routes';
import type { PolicyRouteEntry } from './types';

const POLICY_KEYS = ['table', 'priority', 'routes'] as const;

/** Tables the kernel reserves: 0 unspec, 253 default, 254 main, 255 local. */
export const RESERVED_TABLES: ReadonlyMap<number, string> = new Map([
  [0, 'unspec'],
  [253, 'default'],
  [254, 'main'],
  [255, 'local'],
]);

/** parsePolicyRoutes reads `[{table, priority?, routes: [...]}]`; each table may appear once. */
export function parsePolicyRoutes(raw: unknown, field: string): PolicyRouteEntry[] {
  const list = readList(raw, field) ?? [];
  const seen = new Map<number, string>();
  return list.map((item, i) => {
    const f = `${field}[${i}]`;
    const o = readKnownObject(item, f, POLICY_KEYS);
    const table = readInteger(o.table, `${f}.table`, 0, MAX_U32);
    if (table === undefined) throw invalidConfig(`${f}.table`, 'missing: a policy route needs its routing table number');
    const reserved = RESERVED_TABLES.get(table);
    if (reserved) throw invalidConfig(`${f}.table`, `${table} is the reserved "${reserved}" table; use 1–252 or 256 and up`);
    const other = seen.get(table);
    if (other) throw invalidConfig(`${f}.table`, `table ${table} is already used by ${other}`);
    seen.set(table, f);
    // Priority 0 is the "lookup local" rule; above it everything is the operator's choice.
    const priority = readInteger(o.priority, `${f}.priority`, 1, MAX_U32);
    const routes = parseRouteList(o.routes, `${f}.routes`);
    if (!routes.length) throw invalidConfig(`${f}.routes`, `table ${table} needs at least one route`);
    const entry: PolicyRouteEntry = { field: f, table, routes };
    if (priority !== undefined) entry.priority = priority;
    return entry;
  });
}
