import { servePlugin } from '@plexus/skel';
import { metaDispatcherHandlers } from './handlers';

export const plexusPlugin = servePlugin(module, { name: 'meta-dispatcher', handlers: metaDispatcherHandlers });
