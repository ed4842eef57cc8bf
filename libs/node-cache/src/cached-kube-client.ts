import { NETWORK_ATTACHMENT_DEFINITIONS, PODS, type KubeClient, type KubeObject, type NetworkAttachmentDefinition, type ObjectKey, type Pod, type ResourceType } from '@plexus/k8s';
import type { NodeCacheReader } from './node-cache-reader';
import type { WriteBehindRequest } from './write-behind-protocol';

/** Lookups served by the cache vs passed to the API, for logs, metrics and the benchmark. */
export interface CacheStats {
  hits: number;
  misses: number;
  /** Writes the agent took over (write-behind). */
  handedOff?: number;
}

/** Every cache lookup of this process (one plugin process = one CNI operation), whichever client made it. */
const processLookups = { hits: 0, misses: 0 };

/** processCacheLookups returns this process's cache hits and misses so far (reported to the agent's /metrics). */
export function processCacheLookups(): { hits: number; misses: number } {
  return { ...processLookups };
}

/**
 * withNodeCache puts the node cache in front of a KubeClient for the single-object reads of the hot path (NADs,
 * the DANM-style network objects, and this node's pods): a hit costs one small file read and never creates the client (no
 * @kubernetes/client-node load); anything else — a miss, a stale or absent agent, every write — goes to the API
 * exactly as before. `makeInner` is called on the first API call only.
 */
export function withNodeCache(
  makeInner: () => KubeClient,
  reader: NodeCacheReader,
  stats: CacheStats = { hits: 0, misses: 0 },
  writeBehind?: (req: WriteBehindRequest) => Promise<boolean>,
): KubeClient & { cacheStats(): CacheStats } {
  let inner: KubeClient | undefined;
  const api = () => (inner ??= makeInner());
  async function cached<T extends KubeObject>(
    type: Pick<ResourceType, 'group' | 'plural'>,
    key: ObjectKey,
    fetch: () => Promise<T>,
    usable: (object: T) => boolean = () => true,
  ): Promise<T> {
    const found = await reader.get<T>(type, key.namespace, key.name);
    if (found.kind === 'hit' && usable(found.object)) {
      stats.hits++;
      processLookups.hits++;
      return found.object;
    }
    stats.misses++;
    processLookups.misses++;
    return fetch();
  }
  return {
    getNetworkAttachmentDefinition: (namespace, name) =>
      cached<NetworkAttachmentDefinition>(NETWORK_ATTACHMENT_DEFINITIONS, { namespace, name }, () => api().getNetworkAttachmentDefinition(namespace, name)),
    getObject: <T extends KubeObject>(type: ResourceType, key: ObjectKey) => cached<T>(type, key, () => api().getObject<T>(type, key)),
    // A cached pod is served only when its UID is the K8S_POD_UID the runtime passed (as Multus does): a pod
    // recreated under the same name, or an unknown UID, goes to the API, which alone can tell "replaced" from "lagging".
    getPod: (namespace, name, expect) =>
      cached<Pod>(PODS, { namespace, name }, () => api().getPod(namespace, name, expect), (pod) => !!expect?.uid && pod.metadata.uid === expect.uid),
    // Write-behind: handed to the agent (which writes with retries) when it takes them, else written here.
    patchPodAnnotations: async (namespace, name, annotations) => {
      if (await writeBehind?.({ op: 'patchPodAnnotations', namespace, name, annotations })) {
        stats.handedOff = (stats.handedOff ?? 0) + 1;
        return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } };
      }
      return api().patchPodAnnotations(namespace, name, annotations);
    },
    createPodEvent: async (event) => {
      if (await writeBehind?.({ op: 'createPodEvent', event })) {
        stats.handedOff = (stats.handedOff ?? 0) + 1;
        return;
      }
      return api().createPodEvent(event);
    },
    getNode: (name) => api().getNode(name),
    listNodes: (opts) => api().listNodes(opts),
    listNetworkAttachmentDefinitions: (opts) => api().listNetworkAttachmentDefinitions(opts),
    listObjects: (type, opts) => api().listObjects(type, opts),
    createObject: (type, obj) => api().createObject(type, obj),
    replaceObject: (type, obj) => api().replaceObject(type, obj),
    deleteObject: (type, key, pre) => api().deleteObject(type, key, pre),
    apiCallCount: () => inner?.apiCallCount() ?? 0,
    cacheStats: () => ({ ...stats }),
  };
}
