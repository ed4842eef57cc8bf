import { servePlugin } from '@plexus/skel';
import { staticIpamHandlers } from './handlers';

export const plexusPlugin = servePlugin(module, { name: 'static-ipam', handlers: staticIpamHandlers });
