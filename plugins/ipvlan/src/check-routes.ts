import { ipFamilyOf, type Route } from '@plexus/cni-spec';
import { routeMatches, type RouteSpec } from '@plexus/netlink';
import { checkMismatch } from './errors';

/**
 * checkRoutes requires every prevResult route in the pod (pure; code 102): same destination and table, and the
 * same gateway when prevResult names one. Unlike Debian's v1.1.1 reference, a route without `gw` is not compared
 * against a nil gateway (it was installed via the address gateway, so it has one).
 */
export function checkRoutes(expected: Route[], actual: Record<4 | 6, RouteSpec[]>): void {
  for (const r of expected) {
    const wanted: RouteSpec = { dst: r.dst, ...(r.gw ? { gw: r.gw } : {}), ...(r.table !== undefined ? { table: r.table } : {}) };
    if (!actual[ipFamilyOf(r.dst)].some((a) => routeMatches(a, wanted))) {
      throw checkMismatch('routes', `route to ${r.dst}${r.gw ? ` via ${r.gw}` : ''}${r.table !== undefined ? ` in table ${r.table}` : ''} from prevResult is missing`);
    }
  }
}
