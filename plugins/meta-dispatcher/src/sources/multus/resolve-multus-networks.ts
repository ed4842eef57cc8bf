import type { NetworkRequest, NetworkSource, PodIdentity } from '../../plan/network-request';
import { invalidRequest } from '../../errors/dispatcher-errors';
import type { ResolveContext } from '../resolve-context';
import { buildMultusRequest } from './build-multus-request';
import { checkDefaultRoutes } from './check-default-routes';
import { checkNamespaceAccess } from './check-namespace-access';
import { confListOfNad, loadNad } from './load-nad-conf';
import { DEFAULT_NETWORK_ANNOTATION, NETWORKS_ANNOTATION, selectionNetworkName, type NetworkSelection } from './network-selection';
import { parseNetworkSelections } from './parse-network-selections';
import { resolveNetworkRef } from './resolve-network-ref';

/**
 * resolveSelection resolves one annotation element to a request: the NAD (GET, 404 → 110), its conf (or the conf
 * of its name in confDir), then the element's per-attachment settings.
 */
export async function resolveSelection(
  ctx: ResolveContext,
  sel: NetworkSelection,
  pod: PodIdentity | undefined,
  opts: { isPrimary: boolean; source: NetworkSource },
): Promise<NetworkRequest> {
  const network = selectionNetworkName(sel);
  const s = { pod, network };
  const nad = await loadNad(ctx, sel.namespace, sel.name, sel.field, s);
  const confList = await confListOfNad(ctx, nad, sel.field, s);
  const request = buildMultusRequest({ confList, source: opts.source, statusName: network, isPrimary: opts.isPrimary, selection: sel, runtimeConfig: ctx.runtimeConfig, pod });
  // The core assigns the device from the kubelet checkpoint (src/devices).
  const resourceName = nad.metadata?.annotations?.['k8s.v1.cni.cncf.io/resourceName'];
  if (resourceName) request.resourceName = resourceName;
  return request;
}

/**
 * annotationNetworkTasks prepares `k8s.v1.cni.cncf.io/networks` in annotation order: every element is parsed and
 * validated now (so a typo fails before any API call), default-route ECMP and namespaceIsolation are checked, and
 * one lookup task per element is returned for the caller to run concurrently.
 */
export function annotationNetworkTasks(ctx: ResolveContext, value: string, pod: PodIdentity | undefined): Array<() => Promise<NetworkRequest>> {
  const selections = parseNetworkSelections(value, { annotation: NETWORKS_ANNOTATION, defaultNamespace: pod?.namespace ?? 'default', pod });
  checkDefaultRoutes(selections, pod);
  for (const sel of selections) checkNamespaceAccess(ctx.config, pod, sel.namespace, selectionNetworkName(sel), sel.field);
  return selections.map((sel) => () => resolveSelection(ctx, sel, pod, { isPrimary: false, source: 'multus' }));
}

/**
 * defaultNetworkAnnotationTask prepares `v1.multus-cni.io/default-network`: exactly one element (validated now),
 * its namespace defaulting to multusNamespace; the returned lookup resolves it as the primary, replacing the
 * cluster network. Namespace isolation does not apply: the primary comes from the operator's namespace.
 */
export function defaultNetworkAnnotationTask(ctx: ResolveContext, value: string, pod: PodIdentity | undefined): () => Promise<NetworkRequest> {
  const selections = parseNetworkSelections(value, { annotation: DEFAULT_NETWORK_ANNOTATION, defaultNamespace: ctx.config.multusNamespace, pod });
  if (selections.length !== 1) {
    throw invalidRequest({ pod }, DEFAULT_NETWORK_ANNOTATION, `must name exactly one network, names ${selections.length}`);
  }
  return () => resolveSelection(ctx, selections[0]!, pod, { isPrimary: true, source: 'cluster-network' });
}

/** resolveClusterNetwork resolves the `clusterNetwork` key as the primary (NAD → conf name → path). */
export async function resolveClusterNetwork(ctx: ResolveContext, ref: string, pod: PodIdentity | undefined): Promise<NetworkRequest> {
  const resolved = await resolveNetworkRef(ctx, ref, 'clusterNetwork', { pod, network: ref });
  return buildMultusRequest({ ...resolved, source: 'cluster-network', isPrimary: true, runtimeConfig: ctx.runtimeConfig, pod });
}

/**
 * defaultNetworkTasks returns lookups for `defaultNetworks`, or none for a pod in one of `systemNamespaces`
 * (Multus compares the namespace here; its network-status code mistakenly compares the pod name).
 */
export function defaultNetworkTasks(ctx: ResolveContext, pod: PodIdentity | undefined): Array<() => Promise<NetworkRequest>> {
  if (pod && ctx.config.systemNamespaces.includes(pod.namespace)) return [];
  return ctx.config.defaultNetworks.map((ref, i) => async () => {
    const resolved = await resolveNetworkRef(ctx, ref, `defaultNetworks[${i}]`, { pod, network: ref });
    return buildMultusRequest({ ...resolved, source: 'default-network', isPrimary: false, pod });
  });
}
