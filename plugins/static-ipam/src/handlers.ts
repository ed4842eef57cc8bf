import type { PluginHandlers } from '@plexus/skel';
import { addStatic } from './add';
import { checkStatic } from './check';
import { delStatic } from './del';
import { gcStatic } from './gc';
import { statusStatic } from './status';

/** staticIpamHandlers are static-ipam's CNI operations, shared by main.ts and the tests. */
export const staticIpamHandlers: PluginHandlers = { add: addStatic, del: delStatic, check: checkStatic, status: statusStatic, gc: gcStatic };
