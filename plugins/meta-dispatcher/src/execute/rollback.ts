import type { CniError } from '@plexus/cni-spec';
import { abandonedWorkCount } from '@plexus/skel';
import type { Checkpoint } from '../checkpoint/checkpoint';
import { replayDel } from './replay-del';
import type { Invocation } from '../invocation/invocation';

/**
 * rollBack undoes a failed ADD — every attachment up to `upTo` (the one that failed included: its chain may have
 * half-run) in reverse, then every reservation — and returns the error to report: always the original one.
 * The checkpoint is removed only when everything was undone and no delegate call this process gave up on is still
 * running (an in-process IPAM ADD past its timeout could still allocate after our DEL found nothing: the runtime's
 * DEL, in a later process, must find the checkpoint and free it). Otherwise it stays, so the runtime's DEL (which
 * must follow a failed ADD) finishes the job; the attachments the ADD never reached are marked `notRun` in it.
 */
export async function rollBack(inv: Invocation, cp: Checkpoint, upTo: number, cause: CniError): Promise<CniError> {
  inv.log.warn('ADD failed, rolling back', { error: cause.message, upTo });
  const errors = await replayDel(inv, cp, { sandbox: inv.args, upTo });
  const abandoned = abandonedWorkCount();
  if (errors.length === 0 && abandoned === 0) {
    await inv.store.remove(cp.containerId);
    return cause;
  }
  for (const att of cp.attachments) if (att.index > upTo) att.notRun = true;
  try {
    await inv.store.write(cp);
  } catch (e) {
    // The checkpoint as it was still undoes everything (the never-run attachments' DELs are idempotent).
    inv.log.warn('could not mark the attachments the ADD never reached', { error: (e as Error).message });
  }
  const why = errors.length ? 'rollback incomplete' : 'a delegate call that timed out may still be running';
  inv.log.error(`${why}; checkpoint kept for DEL`, { checkpoint: inv.store.pathFor(cp.containerId), failures: errors.map((e) => e.message), abandoned });
  return cause;
}
