import type { CmdArgs } from '@plexus/skel';
import { statusNetworkList } from '@plexus/conflist';
import { configsInUse } from './checkpoint/distinct-configs';
import { readAllCheckpoints } from './checkpoint/read-all-checkpoints';
import type { DispatcherDeps } from './invocation/dispatcher-deps';
import { awaitReadiness } from './invocation/wait-for-readiness';
import { openInvocation } from './invocation/invocation';

/**
 * createStatus builds the STATUS handler: every distinct conflist of every checkpointed attachment gets STATUS
 * (lists older than 1.1.0 are skipped, as libcni does), and the first failure is returned with its code (50/51
 * pass through). Unreadable checkpoints are logged, not fatal: readiness for new pods does not depend on them.
 * Without attachments there is nothing that could be unavailable: success.
 */
export function createStatus(deps: DispatcherDeps): (args: CmdArgs) => Promise<void> {
  return async (args) => {
    const inv = openInvocation(args, deps);
    await awaitReadiness(inv);
    const all = await readAllCheckpoints(inv.store);
    for (const e of all.unreadable) inv.log.warn('skipping unreadable checkpoint', { error: e.message });
    for (const { list } of configsInUse(all.checkpoints)) await statusNetworkList(inv.chain, list);
  };
}
