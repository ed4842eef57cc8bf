import { servePlugin } from '@plexus/skel';
import { createDefaultDeps } from './deps';
import { createHandlers } from './handlers';

export const plexusPlugin = servePlugin(module, { name: 'multi-nic-ipam', handlers: createHandlers(createDefaultDeps()) });
