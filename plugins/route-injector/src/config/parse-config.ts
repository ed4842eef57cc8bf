import { invalidConfig, type NetConf } from '@plexus/cni-spec';
import { parseDefaultRoute } from './parse-default-route';
import { parsePolicyRoutes } from './parse-policy-routes';
import { parseRouteList } from './parse-routes';
import type { RouteInjectorConf } from './types';

/**
 * parseRouteInjectorConfig validates the plugin's keys (`routes`, `policyRoutes`, `defaultRoute`) and returns them
 * canonical. Pure; every problem is CNI error 7 naming the field, e.g. `policyRoutes[0].routes[1].gw`. Checks
 * that need the pod's addresses (is a gateway on a pod subnet?) are made later, in planRoutes.
 */
export function parseRouteInjectorConfig(conf: NetConf): RouteInjectorConf {
  const routes = parseRouteList(conf.routes, 'routes');
  const policyRoutes = parsePolicyRoutes(conf.policyRoutes, 'policyRoutes');
  const defaultRoutes = parseDefaultRoute(conf.defaultRoute, 'defaultRoute');
  for (const d of defaultRoutes) {
    const clash = routes.find((r) => r.family === d.family && r.dst === (d.family === 4 ? '0.0.0.0/0' : '::/0'));
    if (clash) throw invalidConfig(`${clash.field}.dst`, `a default route in "routes" conflicts with ${d.field}, which replaces the IPv${d.family} default`);
  }
  if (!routes.length && !policyRoutes.length && !defaultRoutes.length) {
    throw invalidConfig('routes', 'nothing to do: set at least one of "routes", "policyRoutes" or "defaultRoute"');
  }
  return { cniVersion: conf.cniVersion, routes, policyRoutes, defaultRoutes };
}
