import { CniCode, CniError, invalidConfig, isCniError, tryAgainLater } from '@plexus/cni-spec';
import type { Logger } from '@plexus/log';
import type { FileStore } from '@plexus/store';
import { join } from 'node:path';
import type { MultiNicConfig } from '../config/multi-nic-config';
import { hostCapacity } from '../layout/layout';
import { LOCK_TIMEOUT_MS } from '../store/store-json';
import type { HostAddress } from '../masters/select-masters';
import { claimHostIndex } from './claim-host-index';
import type { HostIndexStore } from './host-claim';
import { readHostIndexCache, writeHostIndexCache } from './host-index-cache';
import { buildHostRecords } from './host-records';

/** Where an index came from, for logs and tests. */
export type HostIndexOrigin = 'config' | 'cache' | 'kubernetes';

/** What resolving the host index needs. */
export interface HostIndexContext {
  config: MultiNicConfig;
  /** `<dataDir>/<network>`. */
  dir: string;
  nodeName: string;
  files: FileStore;
  /** openStore connects to the cluster-wide store (Kubernetes); only called when the index is not known locally. */
  openStore: () => Promise<HostIndexStore>;
  hostAddresses: () => Promise<HostAddress[]>;
  now: () => Date;
  log: Logger;
}

/**
 * resolveHostIndex finds this host's index: `ipam.hostIndex` when fixed; else the local cache (no API call: the
 * common ADD); else, holding a per-network host lock so that concurrent ADDs on a fresh host claim once, it claims
 * (or finds again) the index in Kubernetes and caches it. With the API unreachable and nothing cached the error is
 * code 11 (try again).
 */
export async function resolveHostIndex(ctx: HostIndexContext): Promise<{ hostIndex: number; origin: HostIndexOrigin }> {
  const source = ctx.config.hostIndex;
  if (source.kind === 'fixed') return { hostIndex: source.hostIndex, origin: 'config' };
  const capacity = hostCapacity(ctx.config.layout, ctx.config.pool.entries.length);
  const cached = await readHostIndexCache(ctx.files, ctx.dir, ctx.nodeName);
  if (cached) return { hostIndex: checkFits(cached.hostIndex, capacity, ctx.dir), origin: 'cache' };
  // A claim may wait on slow API calls while a burst of ADDs queues behind it: allow the long lock timeout.
  return ctx.files.withLock(join(ctx.dir, 'host-index.lock'), () => claimOnce(ctx, capacity), { timeoutMs: LOCK_TIMEOUT_MS });
}

/** claimOnce runs under the host lock: another ADD may have claimed and cached while this one waited. */
async function claimOnce(ctx: HostIndexContext, capacity: bigint): Promise<{ hostIndex: number; origin: HostIndexOrigin }> {
  const again = await readHostIndexCache(ctx.files, ctx.dir, ctx.nodeName);
  if (again) return { hostIndex: checkFits(again.hostIndex, capacity, ctx.dir), origin: 'cache' };
  const hostIndex = await claimInCluster(ctx, capacity);
  await writeHostIndexCache(ctx.files, ctx.dir, { version: 1, network: ctx.config.network, nodeName: ctx.nodeName, hostIndex, claimedAt: ctx.now().toISOString() });
  return { hostIndex, origin: 'kubernetes' };
}

async function claimInCluster(ctx: HostIndexContext, capacity: bigint): Promise<number> {
  const where = `network "${ctx.config.network}", node "${ctx.nodeName}"`;
  let store: HostIndexStore;
  try {
    store = await ctx.openStore();
  } catch (e) {
    throw noIndexSource(e, where);
  }
  const addrs = await ctx.hostAddresses();
  try {
    const claim = await claimHostIndex(store, {
      network: ctx.config.network,
      nodeName: ctx.nodeName,
      capacity,
      interfacesFor: (i) => buildHostRecords(ctx.config, i, addrs),
      log: ctx.log,
    });
    return checkFits(claim.hostIndex, capacity, `the HostIndexClaim of ${where}`);
  } catch (e) {
    if (isCniError(e) && e.code === CniCode.InvalidConfig) throw noIndexSource(e, where);
    if (isCniError(e)) throw e;
    // Anything else from the API path (a refused request, an unexpected answer) is not fixed by a different config.
    throw tryAgainLater('cannot claim a host index in Kubernetes', `${where}: ${(e as Error).message}`);
  }
}

function noIndexSource(e: unknown, where: string): CniError {
  const why = isCniError(e) ? (e.details ?? e.msg) : (e as Error).message;
  return invalidConfig('ipam.hostIndex', `not set, and the host index cannot be claimed in Kubernetes for ${where}: ${why}`);
}

function checkFits(hostIndex: number, capacity: bigint, where: string): number {
  if (BigInt(hostIndex) >= capacity) {
    throw new CniError(CniCode.InvalidConfig, 'invalid ipam.hostBlock', `host index ${hostIndex} (from ${where}) is beyond the ${capacity} host blocks the layout allows`);
  }
  return hostIndex;
}
