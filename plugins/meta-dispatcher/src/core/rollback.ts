import type { CniError } from '@plexus/cni-spec';
import type { Checkpoint } from '../checkpoint/checkpoint';
import { replayDel } from '../execute/replay-del';
import type { Invocation } from './invocation';

/**
 * rollBack undoes a failed ADD — every attachment up to `upTo` (the one that failed included: its chain may have
 * half-run) in reverse, then every reservation — and returns the error to report: always the original one.
 * The checkpoint is removed only when everything was undone; otherwise it stays, so the runtime's DEL (which must
 * follow a failed ADD) finishes the job.
 */
export async function rollBack(inv: Invocation, cp: Checkpoint, upTo: number, cause: CniError): Promise<CniError> {
  inv.log.warn('ADD failed, rolling back', { error: cause.message, upTo });
  const errors = await replayDel(inv, cp, { sandbox: inv.args, upTo });
  if (errors.length === 0) await inv.store.remove(cp.containerId);
  else inv.log.error('rollback incomplete; checkpoint kept for DEL', { checkpoint: inv.store.pathFor(cp.containerId), failures: errors.map((e) => e.message) });
  return cause;
}
