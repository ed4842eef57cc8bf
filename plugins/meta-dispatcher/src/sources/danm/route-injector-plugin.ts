import type { DanmRoute } from '../../plan/danm-network';

/** Inputs of routeInjectorPlugin. */
export interface RouteInjectorInput {
  /** Routes for the pod's main table. */
  routes: readonly DanmRoute[];
  /** Routes for the policy table; needs `table`. */
  policyRoutes: readonly DanmRoute[];
  table?: number;
  /** Keep only routes of these families (the families the interface gets addresses of); all when undefined. */
  families?: ReadonlySet<4 | 6>;
}

/**
 * routeInjectorPlugin renders the chained route-injector plugin (pure), in its config keys: `routes:
 * [{dst, gw}]` and `policyRoutes: [{table, routes: [{dst, gw}]}]` (route-injector adds a rule from each pod
 * address to the table, DANM's `proutes` + `rt_tables`). Undefined when there is nothing to install, since
 * route-injector refuses an empty config.
 */
export function routeInjectorPlugin(input: RouteInjectorInput): Record<string, unknown> | undefined {
  const keep = (r: DanmRoute): boolean => !input.families || input.families.has(r.family);
  const routes = input.routes.filter(keep).map(toEntry);
  const policy = input.policyRoutes.filter(keep).map(toEntry);
  if (!routes.length && !policy.length) return undefined;
  const plugin: Record<string, unknown> = { type: 'route-injector' };
  if (routes.length) plugin.routes = routes;
  if (policy.length && input.table !== undefined) plugin.policyRoutes = [{ table: input.table, routes: policy }];
  return plugin.routes || plugin.policyRoutes ? plugin : undefined;
}

/** mergeRoutes overlays `extra` on `base` by destination (the pod's `proutes` win over the network's). */
export function mergeRoutes(base: readonly DanmRoute[], extra: readonly DanmRoute[]): DanmRoute[] {
  const byDst = new Map<string, DanmRoute>();
  for (const r of [...base, ...extra]) byDst.set(r.dst, r);
  return [...byDst.values()];
}

function toEntry(r: DanmRoute): { dst: string; gw: string } {
  return { dst: r.dst, gw: r.gw };
}
