import { ipFamilyOf, versionAtLeast, type Result, type Route } from '@plexus/cni-spec';
import type { RouteSpec } from '@plexus/netlink';
import type { RoutePlan } from './plan/types';

/**
 * buildResult is prevResult with what ADD installed: the replaced defaults' entries are dropped (they are gone
 * from the kernel; a later CHECK of the interface plugin would look for them), then ours are appended, an ECMP
 * route as one entry per gateway (the CNI way of writing ECMP). Policy routes are listed only from CNI 1.1.0,
 * which has `table`: an older reader would take them for main-table routes and a reference CHECK would fail.
 */
export function buildResult(prev: Result, plan: RoutePlan, cniVersion: string): Result {
  const replaced = new Set(plan.defaults.map((r) => ipFamilyOf(r.dst)));
  const kept = (prev.routes ?? []).filter((r) => !(isDefault(r.dst) && replaced.has(ipFamilyOf(r.dst)) && (r.table ?? 254) === 254));
  const ours = [...plan.defaults, ...plan.main].flatMap(toResultRoutes);
  if (versionAtLeast(cniVersion, '1.1.0')) ours.push(...plan.policy.flatMap((p) => p.routes.flatMap(toResultRoutes)));
  const out: Result = { ...prev, cniVersion };
  const routes = [...kept, ...ours];
  if (routes.length) out.routes = routes;
  else delete out.routes;
  return out;
}

function toResultRoutes(r: RouteSpec): Route[] {
  const hops = r.nexthops?.length ? r.nexthops.map((h) => h.gw) : [r.gw];
  return hops.map((gw) => {
    const route: Route = { dst: r.dst };
    if (gw) route.gw = gw;
    if (r.metric !== undefined) route.priority = r.metric;
    if (r.table !== undefined) route.table = r.table;
    return route;
  });
}

function isDefault(dst: string): boolean {
  return dst === '0.0.0.0/0' || dst === '::/0';
}
