import type { PluginHandlers } from '@plexus/skel';
import { addFake } from './add';
import { checkFake } from './check';
import { delFake } from './del';
import { gcFake } from './gc';
import { statusFake } from './status';

/** fakeIpamHandlers are fakeipam's CNI operations, shared by main.ts and the tests. */
export const fakeIpamHandlers: PluginHandlers = { add: addFake, del: delFake, check: checkFake, status: statusFake, gc: gcFake };
