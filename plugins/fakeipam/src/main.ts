import { servePlugin } from '@plexus/skel';
import { fakeIpamHandlers } from './handlers';

export const plexusPlugin = servePlugin(module, { name: 'fakeipam', handlers: fakeIpamHandlers });
