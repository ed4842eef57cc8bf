import type { PluginHandlers } from '@plexus/skel';
import { createDefaultDeps } from './deps';
import { createHandlers } from './handlers';
import { withAgentReport } from './report-to-agent';

/** The production handlers: the CNI operations over the real side effects (nothing is started until used). */
export const handlers: PluginHandlers = withAgentReport(createHandlers(createDefaultDeps()));
