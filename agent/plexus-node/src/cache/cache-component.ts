import { createKubeWatcher, NETWORK_ATTACHMENT_DEFINITIONS, PODS, type KubeWatcher, type ResourceType } from '@plexus/k8s';
import { NodeCacheWriter, resourceKey } from '@plexus/node-cache';
import type { FileStore } from '@plexus/store';
import type { DaemonComponent } from '../component/daemon-component';
import { runPeriodically, type PeriodicLoop } from '../component/run-periodically';
import { Informer } from './informer';

/** The DANM-style network kinds the meta-dispatcher reads (plugins/meta-dispatcher/src/plan/danm-network.ts). */
export const DANM_TYPES: ResourceType[] = [
  { group: 'danm.plexus.io', version: 'v1', plural: 'danmnets', kind: 'DanmNet' },
  { group: 'danm.plexus.io', version: 'v1', plural: 'tenantnetworks', kind: 'TenantNetwork' },
  { group: 'danm.plexus.io', version: 'v1', plural: 'clusternetworks', kind: 'ClusterNetwork' },
];

/** Options of the cache component. */
export interface CacheComponentOptions {
  files: FileStore;
  /** The cache root, `<run dir>/cache`. */
  root: string;
  nodeName?: string;
  log: (line: string) => void;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Heartbeat period (agent.json rewrite). */
  heartbeatMs: number;
  /** Tests inject a watcher; production makes one over the plugin kubeconfig the agent keeps fresh. */
  makeWatcher?: (kubeconfigPath: string) => KubeWatcher;
}

/**
 * cacheComponent runs the informers (NADs in all namespaces, this node's pods, the DANM-style kinds) into the node
 * cache and rewrites agent.json every heartbeat with the synced resources and their resourceVersions. On stop it
 * withdraws agent.json first, so plugins go back to the API at once.
 */
export function cacheComponent(o: CacheComponentOptions): DaemonComponent {
  const writer = new NodeCacheWriter(o.files, o.root);
  let informers: Informer[] = [];
  let heartbeat: PeriodicLoop | undefined;
  return {
    name: 'cache',
    async start({ metrics, kubeconfigPath }) {
      const watcher = (o.makeWatcher ?? ((p) => createKubeWatcher({ kubeconfigPath: p })))(kubeconfigPath);
      const sinks = { replaceAll: writer.replaceAll.bind(writer), upsert: writer.upsert.bind(writer), remove: writer.remove.bind(writer) };
      const make = (type: ResourceType, scope = {}) =>
        new Informer(watcher, { type, scope, sink: sinks, log: o.log, sleep: o.sleep, onApiError: (op) => metrics.inc('plexus_node_api_errors_total', { operation: `${op} ${type.plural}` }) });
      informers = [make(NETWORK_ATTACHMENT_DEFINITIONS), ...DANM_TYPES.map((t) => make(t))];
      if (o.nodeName) informers.push(make(PODS, { fieldSelector: `spec.nodeName=${o.nodeName}` }));
      else o.log('no --node-name / NODE_NAME: this node\'s pods are not cached');
      for (const i of informers) i.start();
      const beat = async () => {
        const synced: Record<string, string> = {};
        for (const i of informers) {
          if (i.resourceVersion !== undefined) synced[resourceKey(i.type)] = i.resourceVersion;
          metrics.set('plexus_node_cache_objects', writer.count(i.type), { resource: resourceKey(i.type) });
        }
        await writer.writeState({ heartbeatAt: new Date(o.now()).toISOString(), synced });
      };
      heartbeat = runPeriodically({ intervalMs: o.heartbeatMs, sleep: o.sleep, pass: beat, onError: (e) => o.log(`cache heartbeat: ${e.message}`) });
    },
    healthy: () => !informers.slice(0, 1).some((i) => i.failing),
    async stop() {
      await heartbeat?.stop();
      await writer.clearState();
      await Promise.all(informers.map((i) => i.stop()));
    },
  };
}
