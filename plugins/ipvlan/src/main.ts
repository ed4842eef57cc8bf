import { servePlugin } from '@plexus/skel';
import { productionDeps } from './deps';
import { createIpvlanHandlers } from './handlers';

export const plexusPlugin = servePlugin(module, { name: 'ipvlan', handlers: createIpvlanHandlers(productionDeps()) });
