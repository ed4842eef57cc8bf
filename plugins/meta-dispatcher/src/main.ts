import { servePlugin } from '@plexus/skel';
import { handlers } from './default-handlers';

export const plexusPlugin = servePlugin(module, { name: 'meta-dispatcher', handlers });
