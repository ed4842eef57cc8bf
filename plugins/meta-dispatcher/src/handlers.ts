import type { PluginHandlers } from '@plexus/skel';
import { createAdd } from './add';
import { createCheck } from './check';
import type { DispatcherDeps } from './invocation/dispatcher-deps';
import { createDel } from './del';
import { createGc } from './gc';
import { createStatus } from './status';

/** createHandlers wires the CNI operations over one set of side effects. */
export function createHandlers(deps: DispatcherDeps): PluginHandlers {
  return { add: createAdd(deps), del: createDel(deps), check: createCheck(deps), status: createStatus(deps), gc: createGc(deps) };
}
