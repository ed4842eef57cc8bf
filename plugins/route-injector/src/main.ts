import { servePlugin } from '@plexus/skel';
import { productionDeps } from './deps';
import { createRouteInjectorHandlers } from './handlers';

export const plexusPlugin = servePlugin(module, { name: 'route-injector', handlers: createRouteInjectorHandlers(productionDeps()) });
