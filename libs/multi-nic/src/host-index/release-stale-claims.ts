import type { Logger } from '@plexus/log';
import { ClaimConflictError, type HostClaim, type HostIndexStore } from './host-claim';

/**
 * releaseStaleClaims deletes the claims of Nodes that no longer exist (multi-nic-cni drops hosts whose Node is gone
 * and reuses their index). The node list must contain `selfNode`: an empty or partial answer (a cache still
 * syncing, an RBAC filter) must never release live hosts' indexes, so without ourselves in it nothing is released.
 * Deletes compare-and-swap on the version read, so a claim re-taken meanwhile survives.
 */
export async function releaseStaleClaims(
  store: HostIndexStore,
  network: string,
  claims: readonly HostClaim[],
  selfNode: string,
  log: Logger,
): Promise<HostClaim[]> {
  if (!claims.some((c) => c.nodeName !== selfNode)) return [];
  const nodes = new Set(await store.listNodeNames());
  if (!nodes.has(selfNode)) {
    log.warn('node list does not contain this node; not releasing any claim', { network, node: selfNode, nodes: nodes.size });
    return [];
  }
  const released: HostClaim[] = [];
  for (const claim of claims) {
    if (nodes.has(claim.nodeName)) continue;
    try {
      await store.remove(claim);
      released.push(claim);
      log.info('released host index of a node that no longer exists', { network, node: claim.nodeName, hostIndex: claim.hostIndex });
    } catch (e) {
      if (!(e instanceof ClaimConflictError)) throw e;
    }
  }
  return released;
}
