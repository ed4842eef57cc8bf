import type { CniError } from '@plexus/cni-spec';
import { delNetworkList, parseNetworkConfig } from '@plexus/conflist';
import type { Checkpoint } from '../checkpoint/checkpoint';
import type { Invocation } from '../core/invocation';
import { describeDanmRef } from '../danm/danm-types';
import { releaseReservation } from '../reserve/release-reservation';
import { attachmentFailure } from './describe-failure';
import { runtimeOf, type Sandbox } from './runtime-of';

/** Options of replayDel. */
export interface ReplayOptions {
  /** Whose sandbox: the DEL's own, or a checkpoint's (GC). */
  sandbox: Sandbox;
  /** Only attachments up to this plan index (an ADD rolling back the ones it reached). Default: all. */
  upTo?: number;
}

/**
 * replayDel undoes a checkpointed plan from the checkpoint alone: every attachment that has a config gets DEL in
 * reverse order (its exact conflist bytes, interface, CNI_ARGS and capability args, and its final result as
 * prevResult when recorded), then every reservation is released, newest first. It never stops early — each
 * failure is collected and the rest still runs — and returns the failures (empty = fully undone).
 */
export async function replayDel(inv: Invocation, cp: Checkpoint, opts: ReplayOptions): Promise<CniError[]> {
  const errors: CniError[] = [];
  const upTo = opts.upTo ?? cp.attachments.length - 1;
  for (const att of [...cp.attachments].reverse()) {
    // No config: rendered after a reservation that never completed, so the delegate never ran.
    if (att.index > upTo || att.config === undefined) continue;
    try {
      const list = parseNetworkConfig(att.config);
      await delNetworkList(inv.chain, list, runtimeOf(opts.sandbox, att), { prevResult: att.result });
    } catch (e) {
      errors.push(attachmentFailure(e, 'delete', att, cp.pod));
    }
  }
  for (const res of [...cp.reservations].reverse()) {
    try {
      await releaseReservation(inv, opts.sandbox, res);
    } catch (e) {
      errors.push(attachmentFailure(e, 'release', { network: res.kind === 'danm' ? describeDanmRef(res.network) : res.network, ifName: res.kind === 'danm' ? res.owner.ifName : res.ifName }, cp.pod));
    }
  }
  for (const e of errors) inv.log.warn('DEL step failed', { error: e.message });
  return errors;
}
