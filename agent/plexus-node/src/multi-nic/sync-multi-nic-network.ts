import type { NetConf } from '@plexus/cni-spec';
import type { Logger } from '@plexus/log';
import {
  buildHostRecords,
  listHostAddresses,
  memoize,
  networkDir,
  parseMultiNicConfig,
  resolveHostIndex,
  resolveNodeName,
  revalidateHostClaim,
  syncL3Routes,
  type HostIndexStore,
  type L3Netlink,
} from '@plexus/multi-nic';
import type { NetnsScope } from '@plexus/netlink';
import type { FileStore } from '@plexus/store';
import { join } from 'node:path';

/** The side effects of one network's sync: the node's store files, its kernel, the cluster's claims. */
export interface MultiNicSyncDeps {
  files: FileStore;
  netlink: L3Netlink & Pick<NetnsScope, 'listAddrs'>;
  store: HostIndexStore;
  /** `--node-name`; `ipam.nodeName` wins, as in the plugin. */
  nodeName?: string;
  hostname: () => string;
  now: () => Date;
  log: Logger;
}

/** What one sync did, logged as one JSON line (and counted in /metrics). */
export interface MultiNicSyncReport {
  network: string;
  node: string;
  hostIndex: number;
  hostIndexFrom: string;
  releasedClaims: Array<{ node: string; hostIndex: number }>;
  /** L3 modes only. */
  table?: number;
  peers?: number;
  added?: string[];
  removed?: string[];
  ruleAdded?: boolean;
}

/** How long the agent waits for an ADD that is syncing the same network's routes (they share `l3.lock`). */
const L3_LOCK_TIMEOUT_MS = 10_000;

/**
 * syncMultiNicNetwork keeps one multi-nic-ipam network true on this node, as the plugin's ADD would when a sync is
 * due, but on the agent's schedule: finds (or claims) this host's index, releases the claims of deleted Nodes and
 * republishes this host's claim with its current host IPs; in L3 modes it then makes the routing table and rule
 * match the other hosts' claims, under the network's `l3.lock` so it never interleaves with an ADD's sync.
 */
export async function syncMultiNicNetwork(conf: NetConf, d: MultiNicSyncDeps): Promise<MultiNicSyncReport> {
  const config = parseMultiNicConfig(conf);
  const dir = networkDir(config.dataDir, config.network);
  const node = resolveNodeName(config.nodeName, { NODE_NAME: d.nodeName }, d.hostname);
  const hostAddresses = memoize(() => listHostAddresses(d.netlink));
  const ctx = { config, dir, nodeName: node, files: d.files, hostAddresses, now: d.now, log: d.log };
  const { hostIndex, origin } = await resolveHostIndex({ ...ctx, openStore: async () => d.store });
  const base = { network: config.network, node, hostIndex, hostIndexFrom: origin };
  if (config.vlanMode === 'l2') {
    const { released } = await revalidateHostClaim({ ...ctx, hostIndex, store: d.store, interfaces: buildHostRecords(config, hostIndex, await hostAddresses()) });
    return { ...base, releasedClaims: released.map((c) => ({ node: c.nodeName, hostIndex: c.hostIndex })) };
  }
  const r = await d.files.withLock(join(dir, 'l3.lock'), () => syncL3Routes({ ...ctx, hostIndex, store: d.store, netlink: d.netlink }), { timeoutMs: L3_LOCK_TIMEOUT_MS });
  return {
    ...base,
    releasedClaims: r.releasedClaims.map((c) => ({ node: c.nodeName, hostIndex: c.hostIndex })),
    table: r.table,
    peers: r.peers,
    added: r.added.map((x) => `${x.dst} via ${x.gw} dev ${x.dev}`),
    removed: r.removed.map((x) => x.dst),
    ruleAdded: r.ruleAdded,
  };
}
