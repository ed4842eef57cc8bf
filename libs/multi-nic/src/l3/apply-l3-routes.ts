import { containsCidr, formatCidr, parseCidr, type Cidr } from '@plexus/ip';
import { isNotFound, routeMatches, ruleMatches, type NetlinkOp, type NetnsScope, type RouteSpec, type RuleSpec } from '@plexus/netlink';

/** The kernel operations L3 sync uses (all in the plugin's own, i.e. the host's, netns). */
export type L3Netlink = Pick<NetnsScope, 'listRoutes' | 'listRules' | 'addRule' | 'batch' | 'batchAll'>;

/** What a sync changed. */
export interface L3ApplyReport {
  added: RouteSpec[];
  removed: RouteSpec[];
  ruleAdded: boolean;
}

/**
 * applyL3Routes makes the table hold exactly `wanted` among routes inside the subnet (others in the table are left
 * alone), then makes sure the rule `from <subnet> lookup <table>` exists (multi-nic-cni#5: a rule lost on reboot
 * while the table survived). Idempotent: a second run with the same input changes nothing. Adds and removals go
 * in one `ip -batch` each.
 */
export async function applyL3Routes(netlink: L3Netlink, subnet: Cidr, table: number, wanted: readonly RouteSpec[]): Promise<L3ApplyReport> {
  const family = subnet.family;
  const current = (await netlink.listRoutes(family, { table })).filter((r) => inSubnet(subnet, r.dst));
  const added = wanted.filter((w) => !current.some((c) => sameRoute(c, w)));
  // A route whose destination stays but whose next hop changed is rewritten by `replace`, not removed first.
  const removed = current.filter((c) => !wanted.some((w) => sameRoute(c, w) || routeMatches(c, { dst: w.dst, table })));
  if (removed.length) {
    // batchAll: a route that vanished meanwhile is not a failure; anything else is.
    const failures = (await netlink.batchAll(removed.map((r): NetlinkOp => ({ op: 'route.del', route: { dst: r.dst, table } })))).filter((f) => !isNotFound(f.error));
    if (failures.length) throw failures[0]!.error;
  }
  if (added.length) await netlink.batch(added.map((route): NetlinkOp => ({ op: 'route.replace', route })));
  const rule: RuleSpec = { family, from: formatCidr(subnet), table };
  const ruleAdded = !(await netlink.listRules(family)).some((r) => ruleMatches(r, rule));
  if (ruleAdded) await netlink.addRule(rule);
  return { added, removed, ruleAdded };
}

function sameRoute(actual: RouteSpec, wanted: RouteSpec): boolean {
  return routeMatches(actual, wanted) && (actual.gw !== undefined) === (wanted.gw !== undefined);
}

function inSubnet(subnet: Cidr, dst: string): boolean {
  const c = parseCidr(dst);
  return c !== undefined && containsCidr(subnet, c);
}
