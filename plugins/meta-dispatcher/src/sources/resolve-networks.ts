import { DANM_INTERFACES_ANNOTATION } from '../plan/danm-network';
import { resolveDanmDefault, resolveDanmInterfaces } from './danm/resolve-danm-networks';
import { resolveDockinNetworks } from './dockin/resolve-dockin-networks';
import type { NetworkRequest, PodIdentity } from '../plan/network-request';
import { checkInterfaceNames } from './check-interface-names';
import { invalidRequest } from '../errors/dispatcher-errors';
import { DEFAULT_NETWORK_ANNOTATION, NETWORKS_ANNOTATION } from './multus/network-selection';
import { annotationNetworkTasks, defaultNetworkAnnotationTask, defaultNetworkTasks, resolveClusterNetwork } from './multus/resolve-multus-networks';
import { loadPodAnnotations } from './pod-annotations';
import { readPodIdentity } from './pod-identity';
import type { ResolveContext } from './resolve-context';
import { settleInOrder } from './settle-in-order';
import { inlineDelegateTask } from './static/inline-delegate-task';
import { staticNetworkTask } from './static/resolve-static-networks';

/**
 * resolveNetworks is the one entry point of the network sources: it turns the dispatcher config, CNI_ARGS, the
 * runtimeConfig, the pod's annotations and the API/backend/files into the pod's networks, in plan order, the
 * first being the primary. Sources only read; the core reserves and runs. Rules (README "Plan order"):
 * 1. `backend` set (Dockin mode): the backend's entries, master first, then the others in answer order.
 * 2. `danm.enabled` and the pod has `danm.io/interfaces`: those entries in order, entry 0 primary (an empty list
 *    means the default network). The pod may then not also use the Multus annotations.
 * 3. Otherwise: the primary — `v1.multus-cni.io/default-network`, else `clusterNetwork`, else `delegates[0]`, else
 *    `networks[0]`, else (DANM enabled) the DANM default network; then `delegates[1..]`, `networks[1..]`, then `defaultNetworks` (not for pods in
 *    `systemNamespaces`), then `k8s.v1.cni.cncf.io/networks` in annotation order.
 * Annotations come from runtimeConfig when the runtime passes them, else from one pod GET; the KubeClient is only
 * created when something needs the API. Every error is a CniError naming the pod, network and field.
 */
export async function resolveNetworks(ctx: ResolveContext): Promise<NetworkRequest[]> {
  const pod = readPodIdentity(ctx.cniArgs);
  const { config } = ctx;
  if (config.backend) return resolveDockinNetworks(ctx, config.backend, pod);
  const annotations = pod ? (await loadPodAnnotations(ctx, pod)).annotations : {};
  const danmValue = annotations[DANM_INTERFACES_ANNOTATION];
  let plan: NetworkRequest[];
  if (config.danm.enabled && pod && danmValue !== undefined) {
    const mixed = [NETWORKS_ANNOTATION, DEFAULT_NETWORK_ANNOTATION].filter((k) => (annotations[k] ?? '').trim() !== '');
    if (mixed.length) throw invalidRequest({ pod }, DANM_INTERFACES_ANNOTATION, `cannot be combined with ${mixed.join(' and ')}: list every network in one of them`);
    plan = await resolveDanmInterfaces(ctx, danmValue, pod);
  } else {
    // Build every task first: annotation elements are validated before any lookup starts.
    const networksValue = annotations[NETWORKS_ANNOTATION];
    const primary = primaryTask(ctx, pod, annotations[DEFAULT_NETWORK_ANNOTATION]);
    const secondaries = [
      ...config.delegates.slice(1).map((_, i) => inlineDelegateTask(ctx, i + 1, pod)),
      ...config.networks.slice(1).map((entry) => staticNetworkTask(ctx, entry, false, pod)),
      ...defaultNetworkTasks(ctx, pod),
      ...(networksValue ? annotationNetworkTasks(ctx, networksValue, pod) : []),
    ];
    plan = await settleInOrder([primary, ...secondaries]);
  }
  checkInterfaceNames(plan, pod);
  return plan;
}

function primaryTask(ctx: ResolveContext, pod: PodIdentity | undefined, defaultNetworkValue: string | undefined): () => Promise<NetworkRequest> {
  const { config } = ctx;
  if (defaultNetworkValue !== undefined && defaultNetworkValue.trim() !== '') return defaultNetworkAnnotationTask(ctx, defaultNetworkValue, pod);
  if (config.clusterNetwork) return () => resolveClusterNetwork(ctx, config.clusterNetwork!, pod);
  if (config.delegates.length) return inlineDelegateTask(ctx, 0, pod);
  if (config.networks.length) return staticNetworkTask(ctx, config.networks[0]!, true, pod);
  if (config.danm.enabled && config.danm.defaultNetwork && pod) return () => resolveDanmDefault(ctx, pod);
  throw invalidRequest(
    { pod },
    'clusterNetwork',
    'no primary network: set "clusterNetwork", "delegates" or "networks", enable "danm" with a default network, or set "backend"',
  );
}
