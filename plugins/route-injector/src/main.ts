import { SpawnRunner } from '@plexus/exec';
import { IpRoute2Netlink } from '@plexus/netlink';
import { servePlugin } from '@plexus/skel';
import { routeInjectorHandlers } from './handlers';

export const plexusPlugin = servePlugin(module, { name: 'route-injector', handlers: routeInjectorHandlers({ netlink: new IpRoute2Netlink(new SpawnRunner()) }) });
