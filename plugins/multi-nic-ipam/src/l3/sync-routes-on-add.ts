import { CniCode, isCniError } from '@plexus/cni-spec';
import type { Logger } from '@plexus/log';
import type { Env } from '@plexus/skel';
import { join } from 'node:path';
import { type MultiNicConfig, type HostAddress, type HostIndexStore, isSyncDue, readL3State, syncL3Routes } from '@plexus/multi-nic';
import type { NetnsScope } from '@plexus/netlink';
import type { FileStore } from '@plexus/store';
import type { HostIndexStoreOptions } from '../host-index/host-index-store-options';

/** The side effects the route sync uses: the plugin's MultiNicDeps provide them. */
export interface RouteSyncDeps {
  files: FileStore;
  netlink: () => Promise<NetnsScope>;
  openHostIndexStore: (opts: HostIndexStoreOptions) => Promise<HostIndexStore>;
  now: () => Date;
}

/** What an ADD hands to its route sync. */
export interface SyncOnAddContext {
  config: MultiNicConfig;
  dir: string;
  nodeName: string;
  hostIndex: number;
  deps: RouteSyncDeps;
  env: Env;
  hostAddresses: () => Promise<HostAddress[]>;
  log: Logger;
}

/**
 * syncRoutesOnAdd syncs L3 routes when the last sync is older than `ipam.routeSyncInterval`, so a busy host does not
 * ask the API on every ADD (and the common ADD stays free of API calls). Only one ADD syncs at a time: the others
 * skip rather than queue. A failure is logged, not returned: the pod's own addresses are already allocated and
 * correct, and plexus-node's multi-nic pass (or the next ADD) converges the table.
 */
export async function syncRoutesOnAdd(ctx: SyncOnAddContext): Promise<void> {
  const { deps, config } = ctx;
  try {
    if (!isSyncDue(await readL3State(deps.files, ctx.dir), deps.now(), config.routeSyncIntervalMs)) return;
    await deps.files.withLock(
      join(ctx.dir, 'l3.lock'),
      async () => {
        if (!isSyncDue(await readL3State(deps.files, ctx.dir), deps.now(), config.routeSyncIntervalMs)) return;
        await syncL3Routes({
          config,
          dir: ctx.dir,
          nodeName: ctx.nodeName,
          hostIndex: ctx.hostIndex,
          files: deps.files,
          store: await deps.openHostIndexStore({ kubeconfig: config.kubeconfig, env: ctx.env, quick: true }),
          netlink: await deps.netlink(),
          hostAddresses: ctx.hostAddresses,
          now: deps.now,
          log: ctx.log,
        });
      },
      { timeoutMs: 0 },
    );
  } catch (e) {
    // Another ADD holding the sync lock is syncing right now: nothing to report.
    const busy = isCniError(e) && e.code === CniCode.TryAgainLater && e.msg === 'lock is busy';
    ctx.log[busy ? 'debug' : 'warn']('L3 route sync skipped', { network: config.network, error: e instanceof Error ? e.message : String(e) });
  }
}
