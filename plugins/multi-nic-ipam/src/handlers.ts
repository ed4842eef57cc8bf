import type { PluginHandlers } from '@plexus/skel';
import { createAdd } from './add';
import { createCheck } from './check';
import { createDel } from './del';
import type { MultiNicDeps } from './deps';
import { createGc } from './gc';
import { createStatus } from './status';

/** createMultiNicIpamHandlers wires the CNI operations over one set of side effects: productionDeps() or fakes. */
export function createMultiNicIpamHandlers(deps: MultiNicDeps): PluginHandlers {
  return { add: createAdd(deps), del: createDel(deps), check: createCheck(deps), gc: createGc(deps), status: createStatus() };
}
