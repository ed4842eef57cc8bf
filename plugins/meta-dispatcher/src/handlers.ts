import type { PluginHandlers } from '@plexus/skel';
import { createAdd } from './add';
import { createCheck } from './check';
import { createDel } from './del';
import { productionDeps } from './deps';
import { createGc } from './gc';
import type { DispatcherDeps } from './invocation/dispatcher-deps';
import { withAgentReport } from './report-to-agent';
import { createStatus } from './status';

/** createMetaDispatcherHandlers wires the CNI operations over one set of side effects. */
export function createMetaDispatcherHandlers(deps: DispatcherDeps): PluginHandlers {
  return { add: createAdd(deps), del: createDel(deps), check: createCheck(deps), status: createStatus(deps), gc: createGc(deps) };
}

/** The production handlers: the CNI operations over the real side effects (nothing is started until used). */
export const metaDispatcherHandlers: PluginHandlers = withAgentReport(createMetaDispatcherHandlers(productionDeps()));
