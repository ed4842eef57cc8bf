import { servePlugin } from '@plexus/skel';
import { serveSyncRoutes } from './cli/serve-sync-routes';
import { productionDeps } from './deps';
import { createMultiNicIpamHandlers } from './handlers';

export const plexusPlugin = servePlugin(serveSyncRoutes(module), { name: 'multi-nic-ipam', handlers: createMultiNicIpamHandlers(productionDeps()) });
