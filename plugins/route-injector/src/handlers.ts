import type { PluginHandlers } from '@plexus/skel';
import { addRoutes, type RouteInjectorDeps } from './add';
import { checkRoutes } from './check';
import { delRoutes } from './del';

/**
 * routeInjectorHandlers binds the CNI operations to their dependencies. STATUS and GC are left to the skel
 * (success): the plugin keeps no state outside the pod netns and needs no daemon.
 */
export function routeInjectorHandlers(deps: RouteInjectorDeps): PluginHandlers {
  return {
    add: (args) => addRoutes(args, deps),
    del: (args) => delRoutes(args, deps),
    check: (args) => checkRoutes(args, deps),
  };
}
