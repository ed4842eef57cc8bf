import { isCniError, toCniError } from '@plexus/cni-spec';
import { createLogger, type Logger } from '@plexus/log';
import type { HostIndexStore, L3Netlink } from '@plexus/multi-nic';
import type { NetnsScope } from '@plexus/netlink';
import type { NodeCacheReader } from '@plexus/node-cache';
import type { FileStore } from '@plexus/store';
import type { DaemonComponent } from '../component/daemon-component';
import { runPeriodically, type PeriodicLoop } from '../component/run-periodically';
import type { Metrics } from '../metrics/metrics';
import { findMultiNicNetworks } from './find-multi-nic-networks';
import { syncMultiNicNetwork } from './sync-multi-nic-network';

/** Options of the multi-nic component. */
export interface MultiNicComponentOptions {
  intervalMs: number;
  confDir: string;
  /** Our own conf (never a multi-nic network). */
  ownConf: string;
  nodeName?: string;
  files: FileStore;
  /** The node cache's NADs (undefined: conf files only). */
  cache?: () => Pick<NodeCacheReader, 'list'>;
  /** The kernel gate of the host netns (the agent runs with hostNetwork). */
  netlink: () => L3Netlink & Pick<NetnsScope, 'listAddrs'>;
  /** The claims store over the agent's credentials. */
  makeStore: (kubeconfigPath: string) => HostIndexStore;
  hostname: () => string;
  log: (line: string) => void;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/**
 * multiNicComponent keeps every multi-nic-ipam network of the node true, at start and then every interval: host-index
 * claims revalidated (deleted Nodes' claims released, this host's claim republished with its host IPs) and, in L3
 * modes, the routing table synced with the other hosts' claims — the work the plugin's ADD otherwise does only
 * when a pod is added. One JSON line per network is logged (`multi-nic sync {…}`); a failing network does not stop
 * the others.
 */
export function multiNicComponent(o: MultiNicComponentOptions): DaemonComponent & { runPass(): Promise<void> } {
  let loop: PeriodicLoop | undefined;
  let metrics: Metrics | undefined;
  let store: HostIndexStore | undefined;
  let kubeconfig = '';
  const logger: Logger = createLogger({ level: 'info', sink: (line) => o.log(`multi-nic: ${line.trimEnd()}`) });

  async function runPass(): Promise<void> {
    const found = await findMultiNicNetworks({ files: o.files, confDir: o.confDir, ignore: o.ownConf, cache: o.cache?.() });
    for (const p of found.problems) {
      metrics?.inc('plexus_node_multi_nic_syncs_total', { result: `error-${toCniError(p.error).code}` });
      o.log(`multi-nic sync ${JSON.stringify({ source: p.source, error: toCniError(p.error).toJSON() })}`);
    }
    for (const conf of found.confs) {
      try {
        store ??= o.makeStore(kubeconfig);
        const report = await syncMultiNicNetwork(conf, { files: o.files, netlink: o.netlink(), store, nodeName: o.nodeName, hostname: o.hostname, now: () => new Date(o.now()), log: logger });
        metrics?.inc('plexus_node_multi_nic_syncs_total', { result: 'ok' });
        if (report.releasedClaims.length) metrics?.inc('plexus_node_multi_nic_released_claims_total', {}, report.releasedClaims.length);
        if (report.added?.length) metrics?.inc('plexus_node_multi_nic_route_changes_total', { change: 'added' }, report.added.length);
        if (report.removed?.length) metrics?.inc('plexus_node_multi_nic_route_changes_total', { change: 'removed' }, report.removed.length);
        o.log(`multi-nic sync ${JSON.stringify(report)}`);
      } catch (e) {
        const err = toCniError(e);
        metrics?.inc('plexus_node_multi_nic_syncs_total', { result: `error-${err.code}` });
        if (!isCniError(e)) metrics?.inc('plexus_node_api_errors_total', { operation: 'multi-nic sync' });
        o.log(`multi-nic sync ${JSON.stringify({ network: conf.name, error: err.toJSON() })}`);
      }
    }
  }

  return {
    name: 'multi-nic',
    runPass,
    async start(ctx) {
      metrics = ctx.metrics;
      kubeconfig = ctx.kubeconfigPath;
      loop = runPeriodically({ intervalMs: o.intervalMs, sleep: o.sleep, pass: runPass, onError: (e) => o.log(`multi-nic pass failed: ${e.message}`) });
    },
    async stop() {
      await loop?.stop();
    },
  };
}
