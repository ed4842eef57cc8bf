import type { PluginHandlers } from '@plexus/skel';
import { addIpvlan } from './add';
import { checkIpvlan } from './check';
import { delIpvlan } from './del';
import { productionDeps, type IpvlanDeps } from './deps';
import { gcIpvlan } from './gc';
import { statusIpvlan } from './status';

/**
 * createIpvlanHandlers binds the CNI operations to their dependencies. `deps` may be a factory: it is called
 * once, on the first invocation, so merely loading the bundle (a meta plugin `require`ing it) starts nothing.
 */
export function createIpvlanHandlers(deps: IpvlanDeps | (() => IpvlanDeps)): PluginHandlers {
  let resolved: IpvlanDeps | undefined = typeof deps === 'function' ? undefined : deps;
  const get = (): IpvlanDeps => (resolved ??= (deps as () => IpvlanDeps)());
  return {
    add: (args) => addIpvlan(args, get()),
    del: (args) => delIpvlan(args, get()),
    check: (args) => checkIpvlan(args, get()),
    status: (args) => statusIpvlan(args, get()),
    gc: (args) => gcIpvlan(args, get()),
  };
}

/** ipvlanHandlers are the production handlers (real kernel and delegation). */
export const ipvlanHandlers: PluginHandlers = createIpvlanHandlers(productionDeps);
