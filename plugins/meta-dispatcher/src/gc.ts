import { CniError, isCniError, toCniError } from '@plexus/cni-spec';
import { gcNetworkList, listVersionAtLeast, pluginEnv, NO_ATTACHMENT } from '@plexus/conflist';
import { readValidAttachments, type CmdArgs } from '@plexus/skel';
import type { Checkpoint } from './checkpoint/checkpoint';
import { configsInUse } from './checkpoint/distinct-configs';
import { readAllCheckpoints } from './checkpoint/read-all-checkpoints';
import { combineErrors } from './errors/combine-errors';
import { DispatcherCode } from './errors/dispatcher-errors';
import type { DispatcherDeps } from './invocation/dispatcher-deps';
import { awaitReadiness } from './invocation/wait-for-readiness';
import { openInvocation, type Invocation } from './invocation/invocation';
import { replayDel } from './execute/replay-del';

/**
 * createGc builds the GC handler (`cni.dev/valid-attachments`):
 * 1. every checkpoint whose container is not valid is an orphan: its whole plan is replayed as DEL (with the
 *    netns it was added with), and the checkpoint removed once that fully succeeded;
 * 2. every conflist still in use gets GC with the valid attachments of its network — the dispatcher's valid
 *    sandboxes expanded to the delegate interfaces they hold (net1, net2…), which is what delegates key on;
 * 3. every multi-NIC IPAM still in use gets GC with its groups' base names.
 * Secondary networks are covered too (Multus GCs the cluster network only). It goes on past errors and returns
 * the first; unreadable checkpoints are reported, never deleted, and never stop the orphans of other pods from
 * being undone. Steps 2 and 3 are skipped while any checkpoint is unreadable: it may belong to a live pod, and a
 * delegate GC without that pod's attachments in the valid list would free its addresses.
 */
export function createGc(deps: DispatcherDeps): (args: CmdArgs) => Promise<void> {
  return async (args) => {
    const inv = openInvocation(args, deps);
    await awaitReadiness(inv);
    const valid = new Set(readValidAttachments(args.conf).map((a) => a.containerID));
    const all = await readAllCheckpoints(inv.store);
    const errors: CniError[] = [...all.unreadable];
    const kept: Checkpoint[] = [];
    for (const cp of all.checkpoints) {
      if (valid.has(cp.containerId)) {
        kept.push(cp);
        continue;
      }
      inv.log.info('GC: removing orphaned attachments', { containerId: cp.containerId, attachments: cp.attachments.length });
      const failed = await replayDel(inv, cp, { sandbox: { containerId: cp.containerId, netns: cp.netns } });
      if (failed.length) errors.push(...failed);
      else await inv.store.remove(cp.containerId);
    }
    if (all.unreadable.length) {
      errors.push(new CniError(DispatcherCode.CheckpointUnreadable, 'delegate GC skipped', `${all.unreadable.length} checkpoint(s) cannot be read and may belong to live pods; fix or remove them (cnictl checkpoints show/purge), then GC again`));
      inv.log.warn('GC: delegate GC skipped while checkpoints are unreadable', { unreadable: all.unreadable.map((e) => e.details) });
      throw combineErrors(errors);
    }
    for (const { list, attachments } of configsInUse(kept)) {
      try {
        await gcNetworkList(inv.chain, list, attachments);
      } catch (e) {
        errors.push(toCniError(e));
      }
    }
    errors.push(...(await gcMultiNicIpams(inv, kept)));
    if (errors.length) throw combineErrors(errors);
  };
}

/** gcMultiNicIpams sends GC to each multi-NIC IPAM in use (one per network), with the groups it still holds. */
async function gcMultiNicIpams(inv: Invocation, kept: readonly Checkpoint[]): Promise<CniError[]> {
  const byNetwork = new Map<string, { type: string; config: Record<string, unknown>; valid: Array<{ containerID: string; ifname: string }> }>();
  for (const cp of kept) {
    for (const res of cp.reservations) {
      if (res.kind !== 'multi-nic-ipam') continue;
      const config = JSON.parse(res.config) as Record<string, unknown>;
      const key = `${res.type}\0${String(config.name)}`;
      const entry = byNetwork.get(key) ?? { type: res.type, config, valid: [] };
      entry.valid.push({ containerID: cp.containerId, ifname: res.ifName });
      byNetwork.set(key, entry);
    }
  }
  const errors: CniError[] = [];
  for (const { type, config, valid } of byNetwork.values()) {
    if (!listVersionAtLeast(String(config.cniVersion ?? ''), '1.1.0')) continue;
    const stdin = JSON.stringify({ ...config, 'cni.dev/valid-attachments': valid, 'cni.dev/attachments': valid });
    try {
      await inv.chain.delegator.run({ type, command: 'GC', stdin, env: pluginEnv(inv.chain.baseEnv, 'GC', NO_ATTACHMENT, inv.chain.cniPath), timeoutMs: inv.chain.timeoutMs });
    } catch (e) {
      errors.push(isCniError(e) ? e : toCniError(e));
    }
  }
  return errors;
}
