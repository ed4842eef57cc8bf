import { tryAgainLater, CniError } from '@plexus/cni-spec';
import type { Logger } from '@plexus/log';
import { MultiNicIpamCode } from '../errors/errors';
import { ClaimConflictError, IndexTakenError, type HostClaim, type HostIndexStore, type HostInterfaceRecord } from './host-claim';
import { releaseStaleClaims } from './release-stale-claims';

/** What claiming needs to know about this host and the layout. */
export interface ClaimRequest {
  network: string;
  nodeName: string;
  /** How many host indexes the layout allows (indexes 0..capacity-1). */
  capacity: bigint;
  /** The records to store for a given index (blocks, NIC names, host IPs). */
  interfacesFor: (hostIndex: number) => HostInterfaceRecord[];
  /** An index this host used before (local cache, fixed config): kept if it is still this host's or free. */
  preferredIndex?: number;
  log: Logger;
  /** Random numbers in [0, 1) for spreading retries after a lost race (seam for tests; Math.random by default). */
  random?: () => number;
}

/** Attempts before giving up on a lost race (contiv-vpp's node-ID allocator uses 10 too). */
const MAX_ATTEMPTS = 10;

/**
 * claimHostIndex returns this host's claim on a network, creating it when there is none:
 * - a claim already naming this node is found again and kept, whatever the restarts in between (multi-nic-cni#78
 *   and contiv/vpp#1492 are bugs where indexes moved under running pods);
 * - otherwise the preferred index if free, else the lowest free one, is created atomically (create of the
 *   index-named object: of two racing hosts exactly one wins, the other re-reads and takes the next);
 * - claims of Nodes that no longer exist are released first, so their indexes can be reused.
 * The claim's interface records (host IPs) are brought up to date with compare-and-swap.
 */
export async function claimHostIndex(store: HostIndexStore, req: ClaimRequest): Promise<HostClaim> {
  let pruned = false;
  let lost = 0;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const claims = await store.list(req.network);
    const mine = claims.filter((c) => c.nodeName === req.nodeName).sort((a, b) => a.hostIndex - b.hostIndex);
    if (mine.length) {
      const keep = mine.find((c) => c.hostIndex === req.preferredIndex) ?? mine[0]!;
      if (mine.length > 1) {
        req.log.warn('node holds several host indexes; using one', { network: req.network, used: keep.hostIndex, all: mine.map((c) => c.hostIndex) });
      }
      try {
        return await refreshRecords(store, keep, req.interfacesFor(keep.hostIndex));
      } catch (e) {
        if (e instanceof ClaimConflictError) continue;
        throw e;
      }
    }
    if (!pruned) {
      pruned = true;
      if ((await releaseStaleClaims(store, req.network, claims, req.nodeName, req.log)).length) continue;
    }
    const index = pickIndex(claims, req, lost);
    try {
      const claim = await store.create({ network: req.network, hostIndex: index, nodeName: req.nodeName, interfaces: req.interfacesFor(index) });
      req.log.info('claimed host index', { network: req.network, node: req.nodeName, hostIndex: index });
      return claim;
    } catch (e) {
      if (!(e instanceof IndexTakenError)) throw e;
      lost++;
    }
  }
  throw tryAgainLater('could not claim a host index', `network "${req.network}": lost ${MAX_ATTEMPTS} races for a free index; try again`);
}

/**
 * pickIndex takes the preferred index if free, else the lowest free one. After `lost` lost races it picks at random
 * among the lowest `lost + 1` free indexes: hosts racing in lockstep (a cluster booting) would otherwise all aim at
 * the same index again and only one of them would progress per round.
 */
function pickIndex(claims: HostClaim[], req: ClaimRequest, lost: number): number {
  const taken = new Set(claims.map((c) => c.hostIndex));
  const preferred = req.preferredIndex;
  if (preferred !== undefined && BigInt(preferred) < req.capacity && !taken.has(preferred)) return preferred;
  const free: number[] = [];
  for (let i = 0; BigInt(i) < req.capacity && free.length <= lost; i++) if (!taken.has(i)) free.push(i);
  if (free.length) return free[Math.floor((req.random ?? Math.random)() * free.length)]!;
  throw new CniError(
    MultiNicIpamCode.HostIndexExhausted,
    'no free host index',
    `network "${req.network}": all ${req.capacity} host indexes are claimed (${claims.length} claims); widen ipam.hostBlock or remove claims of retired nodes`,
  );
}

async function refreshRecords(store: HostIndexStore, claim: HostClaim, want: HostInterfaceRecord[]): Promise<HostClaim> {
  if (JSON.stringify(claim.interfaces) === JSON.stringify(want)) return claim;
  return store.update({ ...claim, interfaces: want });
}
