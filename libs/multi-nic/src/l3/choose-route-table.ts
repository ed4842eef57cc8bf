import { canonicalCidr } from '@plexus/ip';
import type { RuleSpec } from '@plexus/netlink';

/** The first table id L3 mode may use (multi-nic-cni's daemon starts there too). */
export const FIRST_L3_TABLE = 100;
const RESERVED = new Set([253, 254, 255]);

/**
 * chooseRouteTable picks the network's routing table: `ipam.routeTable` when set; else the table an existing
 * `from <subnet>` rule already points to (a host restarted, or state was wiped); else the one remembered in l3.json;
 * else the lowest id ≥ 100 no rule uses yet.
 */
export function chooseRouteTable(subnet: string, rules: readonly RuleSpec[], configured?: number, remembered?: number): number {
  if (configured !== undefined) return configured;
  const want = canonicalCidr(subnet);
  const existing = rules.find((r) => r.from !== undefined && canonicalCidr(r.from) === want && r.table >= FIRST_L3_TABLE && !RESERVED.has(r.table));
  if (existing) return existing.table;
  if (remembered !== undefined) return remembered;
  const used = new Set(rules.map((r) => r.table));
  let t = FIRST_L3_TABLE;
  while (used.has(t) || RESERVED.has(t)) t++;
  return t;
}
