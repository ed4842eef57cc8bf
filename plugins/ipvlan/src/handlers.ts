import type { PluginHandlers } from '@plexus/skel';
import { addIpvlan } from './add';
import { checkIpvlan } from './check';
import { delIpvlan } from './del';
import type { IpvlanDeps } from './deps';
import { gcIpvlan } from './gc';
import { statusIpvlan } from './status';

/**
 * createIpvlanHandlers binds the CNI operations to their dependencies: main.ts passes productionDeps(), specs fakes.
 * Building the deps only constructs objects (no process, no file), so a meta plugin `require`ing the bundle starts
 * nothing.
 */
export function createIpvlanHandlers(deps: IpvlanDeps): PluginHandlers {
  return {
    add: (args) => addIpvlan(args, deps),
    del: (args) => delIpvlan(args, deps),
    check: (args) => checkIpvlan(args, deps),
    status: (args) => statusIpvlan(args, deps),
    gc: (args) => gcIpvlan(args, deps),
  };
}
