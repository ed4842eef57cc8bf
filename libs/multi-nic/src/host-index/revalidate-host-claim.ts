import { CniError, tryAgainLater } from '@plexus/cni-spec';
import type { Logger } from '@plexus/log';
import { MultiNicIpamCode } from '../errors/errors';
import { ClaimConflictError, IndexTakenError, type HostClaim, type HostIndexStore, type HostInterfaceRecord } from './host-claim';
import { releaseStaleClaims } from './release-stale-claims';

/** What revalidating this host's claim on a network needs. */
export interface RevalidateContext {
  config: { network: string };
  nodeName: string;
  hostIndex: number;
  store: HostIndexStore;
  /** This host's records for its index (buildHostRecords): blocks, NICs and host IPs as they are now. */
  interfaces: HostInterfaceRecord[];
  log: Logger;
}

/** The claims of the network after revalidation, and those released because their Node is gone. */
export interface RevalidateReport {
  claims: HostClaim[];
  released: HostClaim[];
}

/**
 * revalidateHostClaim makes the cluster record of a network true for this host: it releases the claims of Nodes
 * that no longer exist (only when the node list contains this host, see releaseStaleClaims), then makes sure this
 * host's own claim exists at its index with current host IPs. A fixed or cached index is published too, so peers can
 * route to it, and a claim deleted by hand comes back.
 */
export async function revalidateHostClaim(ctx: RevalidateContext): Promise<RevalidateReport> {
  const listed = await ctx.store.list(ctx.config.network);
  const released = await releaseStaleClaims(ctx.store, ctx.config.network, listed, ctx.nodeName, ctx.log);
  const claims = await publishOwnClaim(ctx, listed.filter((c) => !released.includes(c)));
  return { claims, released };
}

/**
 * publishOwnClaim makes the cluster record match this host: its claim at its index with current NIC records. An
 * index held by another node means two hosts use the same blocks, which must stop here (code 105 rather than
 * routes that silently point the wrong way).
 */
async function publishOwnClaim(ctx: RevalidateContext, claims: HostClaim[]): Promise<HostClaim[]> {
  const { interfaces } = ctx;
  for (let attempt = 0; attempt < 5; attempt++) {
    const holder = claims.find((c) => c.hostIndex === ctx.hostIndex);
    if (holder && holder.nodeName !== ctx.nodeName) {
      throw new CniError(
        MultiNicIpamCode.HostIndexConflict,
        'host index held by another node',
        `network "${ctx.config.network}": index ${ctx.hostIndex} of node "${ctx.nodeName}" is claimed by node "${holder.nodeName}"; fix ipam.hostIndex or the claim`,
      );
    }
    try {
      let mine: HostClaim;
      if (!holder) mine = await ctx.store.create({ network: ctx.config.network, hostIndex: ctx.hostIndex, nodeName: ctx.nodeName, interfaces });
      else if (JSON.stringify(holder.interfaces) !== JSON.stringify(interfaces)) mine = await ctx.store.update({ ...holder, interfaces });
      else return claims;
      return [...claims.filter((c) => c.hostIndex !== ctx.hostIndex), mine];
    } catch (e) {
      if (!(e instanceof ClaimConflictError) && !(e instanceof IndexTakenError)) throw e;
      claims = await ctx.store.list(ctx.config.network);
    }
  }
  throw tryAgainLater('cannot publish the host claim', `network "${ctx.config.network}": it kept changing while being written`);
}
