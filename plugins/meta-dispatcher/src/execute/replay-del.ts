import type { CniError } from '@plexus/cni-spec';
import { replayCheckpointDel } from '@plexus/checkpoint';
import type { Checkpoint } from '../checkpoint/checkpoint';
import type { Invocation } from '../invocation/invocation';
import { releaseDanmReservation } from '../reserve/release-reservation';
import { attachmentFailure } from './describe-failure';
import type { Sandbox } from './runtime-of';

/** Options of replayDel. */
export interface ReplayOptions {
  /** Whose sandbox: the DEL's own, or a checkpoint's (GC). */
  sandbox: Sandbox;
  /** Only attachments up to this plan index (an ADD rolling back the ones it reached). Default: all. */
  upTo?: number;
}

/**
 * replayDel undoes a checkpointed plan from the checkpoint alone (@plexus/checkpoint's replayCheckpointDel, the
 * same replay cnictl's purge runs, which unwinds the checkpoint as an @plexus/undo stack): every attachment that has a config gets DEL in reverse order, then every
 * reservation is released, newest first — DANM addresses through the API. It never stops early and returns the
 * failures, each naming the pod, network and interface (empty = fully undone).
 */
export async function replayDel(inv: Invocation, cp: Checkpoint, opts: ReplayOptions): Promise<CniError[]> {
  const report = await replayCheckpointDel(inv.chain, cp, {
    ...opts,
    releaseDanm: (res) => releaseDanmReservation(inv, res),
  });
  for (const s of report.skipped) inv.log.warn('DEL skipped', { network: s.network, ifName: s.ifName, reason: s.reason });
  const errors = report.failed.map((f) => attachmentFailure(f.error, f.op, f, cp.pod));
  for (const e of errors) inv.log.warn('DEL step failed', { error: e.message });
  return errors;
}
