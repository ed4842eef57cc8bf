import { unusableIfNameProblem, type CniError } from '@plexus/cni-spec';
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
    // No config: rendered after a reservation that never completed, so the delegate never ran; `notRun`: an ADD
    // rolled back before reaching it.
    if (att.index > upTo || att.config === undefined || att.notRun) continue;
    if (skipUnusableName(inv, att.ifName, att.network)) continue;
    try {
      const list = parseNetworkConfig(att.config);
      await delNetworkList(inv.chain, list, runtimeOf(opts.sandbox, att), { prevResult: att.result });
    } catch (e) {
      errors.push(attachmentFailure(e, 'delete', att, cp.pod));
    }
  }
  for (const res of [...cp.reservations].reverse()) {
    if (res.kind === 'multi-nic-ipam' && skipUnusableName(inv, res.ifName, res.network)) continue;
    try {
      await releaseReservation(inv, opts.sandbox, res);
    } catch (e) {
      errors.push(attachmentFailure(e, 'release', { network: res.kind === 'danm' ? describeDanmRef(res.network) : res.network, ifName: res.kind === 'danm' ? res.owner.ifName : res.ifName }, cp.pod));
    }
  }
  for (const e of errors) inv.log.warn('DEL step failed', { error: e.message });
  return errors;
}

/**
 * skipUnusableName tells whether a checkpointed interface name is one the kernel refuses (a NUL, a 0xA0 byte…). Such
 * names are refused before any plan since issue 11, but a checkpoint written before could hold one: no interface of
 * that name can exist, and its delegate cannot even be started with it (a NUL in the env fails the spawn), so the DEL
 * has nothing to undo — trying would fail for ever and keep the pod Terminating.
 */
function skipUnusableName(inv: Invocation, ifName: string, network: string): boolean {
  const problem = unusableIfNameProblem(ifName);
  if (problem) inv.log.warn('DEL skipped: the interface name could never have been created', { network, ifName, problem });
  return problem !== undefined;
}
