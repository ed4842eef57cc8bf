import type { PluginHandlers } from '@plexus/skel';
import { addRoutes } from './add';
import { checkRoutes } from './check';
import { delRoutes } from './del';
import type { RouteInjectorDeps } from './deps';

/**
 * createRouteInjectorHandlers binds the CNI operations to their dependencies: main.ts passes productionDeps(),
 * specs a fake kernel. STATUS and GC are left to the skel (success): the plugin keeps no state outside the pod
 * netns and needs no daemon.
 */
export function createRouteInjectorHandlers(deps: RouteInjectorDeps): PluginHandlers {
  return {
    add: (args) => addRoutes(args, deps),
    del: (args) => delRoutes(args, deps),
    check: (args) => checkRoutes(args, deps),
  };
}
