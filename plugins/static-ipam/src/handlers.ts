import type { PluginHandlers } from '@plexus/skel';
import { addStatic } from './add';
import { checkStatic } from './check';
import { delStatic } from './del';
import type { StaticIpamDeps } from './deps';
import { gcStatic } from './gc';
import { statusStatic } from './status';

/** createStaticIpamHandlers binds static-ipam's CNI operations; it has no dependency to inject (see deps.ts). */
export function createStaticIpamHandlers(_deps: StaticIpamDeps): PluginHandlers {
  return { add: addStatic, del: delStatic, check: checkStatic, status: statusStatic, gc: gcStatic };
}
