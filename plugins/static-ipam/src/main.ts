import { servePlugin } from '@plexus/skel';
import { productionDeps } from './deps';
import { createStaticIpamHandlers } from './handlers';

export const plexusPlugin = servePlugin(module, { name: 'static-ipam', handlers: createStaticIpamHandlers(productionDeps()) });
