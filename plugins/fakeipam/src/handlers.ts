import type { PluginHandlers } from '@plexus/skel';
import { addFake } from './add';
import { checkFake } from './check';
import { delFake } from './del';
import type { FakeIpamDeps } from './deps';
import { gcFake } from './gc';
import { statusFake } from './status';

/** createFakeIpamHandlers binds fakeipam's CNI operations; it has no dependency to inject (see deps.ts). */
export function createFakeIpamHandlers(_deps: FakeIpamDeps): PluginHandlers {
  return { add: addFake, del: delFake, check: checkFake, status: statusFake, gc: gcFake };
}
