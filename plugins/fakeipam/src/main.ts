import { servePlugin } from '@plexus/skel';
import { productionDeps } from './deps';
import { createFakeIpamHandlers } from './handlers';

export const plexusPlugin = servePlugin(module, { name: 'fakeipam', handlers: createFakeIpamHandlers(productionDeps()) });
