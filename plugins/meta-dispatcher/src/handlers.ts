import type { PluginHandlers } from '@plexus/skel';
import { createAdd } from './add';
import { createCheck } from './check';
import { createDel } from './del';
import { createGc } from './gc';
import type { DispatcherDeps } from './invocation/dispatcher-deps';
import { withAgentReport } from './report-to-agent';
import { createStatus } from './status';

/**
 * createMetaDispatcherHandlers wires the CNI operations over one set of side effects; ADD and DEL outcomes are
 * reported to plexus-node when the deps can reach it.
 */
export function createMetaDispatcherHandlers(deps: DispatcherDeps): PluginHandlers {
  const handlers = { add: createAdd(deps), del: createDel(deps), check: createCheck(deps), status: createStatus(deps), gc: createGc(deps) };
  return deps.reportToAgent ? withAgentReport(handlers, deps.reportToAgent) : handlers;
}
