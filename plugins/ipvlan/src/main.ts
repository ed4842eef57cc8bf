import { servePlugin } from '@plexus/skel';
import { ipvlanHandlers } from './handlers';

export const plexusPlugin = servePlugin(module, { name: 'ipvlan', handlers: ipvlanHandlers });
