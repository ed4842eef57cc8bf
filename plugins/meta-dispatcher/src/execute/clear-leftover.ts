import { CniCode } from '@plexus/cni-spec';
import { replayDel } from './replay-del';
import { combineErrors } from '../errors/combine-errors';
import { dispatcherError } from '../errors/dispatcher-errors';
import type { Invocation } from '../invocation/invocation';

/**
 * clearLeftover handles an ADD for a sandbox that still has a checkpoint (an earlier ADD whose rollback and DEL
 * did not finish, or a runtime re-adding without DEL): the old plan is undone first, so nothing it reserved leaks
 * and its interface names are free again. If that fails, the ADD is refused with code 11 and the checkpoint stays.
 */
export async function clearLeftover(inv: Invocation): Promise<void> {
  const old = await inv.store.read(inv.args.containerId);
  if (!old) return;
  inv.log.warn('a checkpoint of an earlier ADD exists; undoing it first', { checkpoint: inv.store.pathFor(old.containerId), phase: old.phase });
  const errors = await replayDel(inv, old, { sandbox: { containerId: old.containerId, netns: inv.args.netns } });
  if (errors.length) {
    const e = combineErrors(errors);
    throw dispatcherError(CniCode.TryAgainLater, 'an earlier ADD of this sandbox could not be undone', { pod: inv.pod }, e.message);
  }
  await inv.store.remove(old.containerId);
}
