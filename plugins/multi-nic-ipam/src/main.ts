import { servePlugin } from '@plexus/skel';
import { serveSyncRoutes } from './cli/serve-sync-routes';
import { createDefaultDeps } from './deps';
import { createHandlers } from './handlers';

export const plexusPlugin = servePlugin(serveSyncRoutes(module), { name: 'multi-nic-ipam', handlers: createHandlers(createDefaultDeps()) });
