import { parseResult, toCniError, type CniError, type Result } from '@plexus/cni-spec';
import { addNetworkList, parseNetworkConfig } from '@plexus/conflist';
import type { Checkpoint } from '../checkpoint/checkpoint';
import { DispatcherCode, dispatcherError } from '../errors/dispatcher-errors';
import type { Invocation } from '../invocation/invocation';
import type { PlannedAttachment } from '../plan/attachment-plan';
import { attachmentFailure } from './describe-failure';
import { runtimeOf } from './runtime-of';
import { needsKernelMac, requestProblem } from './verify-requested';

/** The outcome of running the attachments: every result, or where it stopped and why. */
export type AddOutcome = { ok: true; results: Result[] } | { ok: false; failedAt: number; error: CniError };

/**
 * addAttachments runs every attachment's conflist in plan order (plugins in-process when they are Plexus bundles,
 * exec'd otherwise) and checks each result against what the pod asked for before going on. It stops at the first
 * failure and says where, so the caller can roll back exactly what ran.
 */
export async function addAttachments(inv: Invocation, cp: Checkpoint): Promise<AddOutcome> {
  const results: Result[] = [];
  for (const att of cp.attachments) {
    try {
      const list = parseNetworkConfig(att.config!);
      const formatted = await addNetworkList(inv.chain, list, runtimeOf(inv.args, att));
      const result = parseResult(formatted, list.cniVersion);
      await verifyRequested(inv, att, result);
      results.push(result);
      inv.log.info('added', { network: att.network, ifName: att.ifName, ips: (result.ips ?? []).map((ip) => ip.address) });
    } catch (e) {
      const err = toCniError(e);
      return { ok: false, failedAt: att.index, error: err.code === DispatcherCode.RequestNotHonoured ? err : attachmentFailure(e, 'add', att, inv.pod) };
    }
  }
  return { ok: true, results };
}

async function verifyRequested(inv: Invocation, att: PlannedAttachment, result: Result): Promise<void> {
  const kernelMac = needsKernelMac(att, result) ? (await inv.deps.netlink().pod(inv.args.netns).findLink(att.ifName))?.mac : undefined;
  const problem = requestProblem(att, result, kernelMac);
  if (problem) throw dispatcherError(DispatcherCode.RequestNotHonoured, `invalid ${problem.field}`, { pod: inv.pod, network: att.network }, `${problem.text}; rolled back`);
}
