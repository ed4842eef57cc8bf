import { servePlugin } from '@plexus/skel';
import { productionDeps } from './deps';
import { createMetaDispatcherHandlers } from './handlers';

export const plexusPlugin = servePlugin(module, { name: 'meta-dispatcher', handlers: createMetaDispatcherHandlers(productionDeps()) });
