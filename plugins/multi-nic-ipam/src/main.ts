import { servePlugin } from '@plexus/skel';
import { productionDeps } from './deps';
import { createMultiNicIpamHandlers } from './handlers';

export const plexusPlugin = servePlugin(module, { name: 'multi-nic-ipam', handlers: createMultiNicIpamHandlers(productionDeps()) });
