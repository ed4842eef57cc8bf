import { tryAgainLater } from '@plexus/cni-spec';
import { abandonedWorkCount, type CmdArgs } from '@plexus/skel';
import { combineErrors } from './errors/combine-errors';
import type { DispatcherDeps } from './invocation/dispatcher-deps';
import { openInvocation } from './invocation/invocation';
import { replayDel } from './execute/replay-del';

/**
 * createDel builds the DEL handler. It works from the checkpoint alone — never from the API, the NADs or the
 * backend, which may be gone or may have changed since the ADD (Multus' recompute-on-cache-miss drift):
 * - no checkpoint: nothing of ours exists for this sandbox; success (logged);
 * - an unreadable checkpoint: code 102 naming the file (never a silent success that leaks);
 * - otherwise every attachment is deleted in reverse, then every reservation released, going on past failures;
 *   if anything failed the first error is returned and the checkpoint kept, so the runtime's retry finishes it.
 */
export function createDel(deps: DispatcherDeps): (args: CmdArgs) => Promise<void> {
  return async (args) => {
    const inv = openInvocation(args, deps);
    const cp = await inv.store.read(args.containerId);
    if (!cp) {
      inv.log.info('no checkpoint for this sandbox: nothing to delete', { checkpoint: inv.store.pathFor(args.containerId) });
      return;
    }
    const errors = await replayDel(inv, cp, { sandbox: { containerId: cp.containerId, netns: args.netns } });
    if (errors.length) throw combineErrors(errors);
    if (abandonedWorkCount() > 0) {
      // Only when delegates run in this same process (a meta plugin run in-process by its caller): a call it gave
      // up on earlier could still act, so the checkpoint must outlive it.
      throw tryAgainLater('a delegate call that timed out may still be running', `checkpoint ${inv.store.pathFor(cp.containerId)} kept; retry the DEL`);
    }
    await inv.store.remove(cp.containerId);
    inv.log.info('deleted', { attachments: cp.attachments.length, reservations: cp.reservations.length });
  };
}
