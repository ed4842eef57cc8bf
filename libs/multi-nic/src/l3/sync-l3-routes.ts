import { CniError } from '@plexus/cni-spec';
import type { Logger } from '@plexus/log';
import type { FileStore } from '@plexus/store';
import type { MultiNicConfig } from '../config/multi-nic-config';
import { MultiNicIpamCode } from '../errors/errors';
import type { HostClaim, HostIndexStore } from '../host-index/host-claim';
import { buildHostRecords } from '../host-index/host-records';
import { revalidateHostClaim } from '../host-index/revalidate-host-claim';
import { findPoolNics, type HostAddress } from '../masters/select-masters';
import { applyL3Routes, type L3ApplyReport, type L3Netlink } from './apply-l3-routes';
import { chooseRouteTable } from './choose-route-table';
import { readL3State, writeL3State } from './l3-state';
import { planL3Routes } from './plan-l3-routes';

/** What an L3 sync needs. */
export interface L3SyncContext {
  config: MultiNicConfig;
  /** `<dataDir>/<network>`. */
  dir: string;
  nodeName: string;
  hostIndex: number;
  files: FileStore;
  store: HostIndexStore;
  netlink: L3Netlink;
  hostAddresses: () => Promise<HostAddress[]>;
  now: () => Date;
  log: Logger;
}

/** The outcome of one sync, for the tool's output and logs. */
export interface L3SyncReport extends L3ApplyReport {
  table: number;
  peers: number;
  releasedClaims: HostClaim[];
}

/**
 * syncL3Routes programs this host's L3 routing for a network from the Kubernetes claims: it revalidates the claims
 * (revalidateHostClaim: claims of Nodes that are gone are released, this host's own claim exists at its index with
 * current host IPs — a fixed or cached index is published too, so peers can route to it), then makes the routing table and rule match the other hosts'
 * records. Removing a host's claim removes its routes at the next sync of every other host.
 */
export async function syncL3Routes(ctx: L3SyncContext): Promise<L3SyncReport> {
  const { config, log } = ctx;
  const addrs = await ctx.hostAddresses();
  const { claims, released } = await revalidateHostClaim({ ...ctx, interfaces: buildHostRecords(config, ctx.hostIndex, addrs) });
  const state = await readL3State(ctx.files, ctx.dir);
  const rules = [...(await ctx.netlink.listRules(4)), ...(await ctx.netlink.listRules(6))];
  const table = chooseRouteTable(config.subnet, rules, config.routeTable, state?.table);
  const localNics = new Map(findPoolNics(config.pool, addrs).map((n) => [n.position, n.name]));
  const wanted = planL3Routes({ subnet: config.layout.subnet, table, selfNode: ctx.nodeName, claims, localNics });
  let report: L3ApplyReport;
  try {
    report = await applyL3Routes(ctx.netlink, config.layout.subnet, table, wanted);
  } catch (e) {
    throw new CniError(MultiNicIpamCode.RouteSyncFailed, 'failed to program L3 routes', `network "${config.network}" table ${table}: ${(e as Error).message}`);
  }
  await writeL3State(ctx.files, ctx.dir, { version: 1, table, lastSyncAt: ctx.now().toISOString() });
  log.info('synced L3 routes', { network: config.network, table, routes: wanted.length, added: report.added.length, removed: report.removed.length });
  return { ...report, table, peers: claims.filter((c) => c.nodeName !== ctx.nodeName).length, releasedClaims: released };
}
