import type { DispatcherConfig } from '../../config/dispatcher-config';
import type { PodIdentity } from '../../plan/network-request';
import { DispatcherCode, dispatcherError } from '../../errors/dispatcher-errors';

/**
 * checkNamespaceAccess enforces `namespaceIsolation`: a pod may reference NADs in its own namespace or in one of
 * `globalNamespaces` only. The refusal (code 111) names the pod, the network, the namespace and the field.
 */
export function checkNamespaceAccess(config: DispatcherConfig, pod: PodIdentity | undefined, nadNamespace: string, network: string, field: string): void {
  if (!config.namespaceIsolation || !pod) return;
  if (nadNamespace === pod.namespace || config.globalNamespaces.includes(nadNamespace)) return;
  throw dispatcherError(
    DispatcherCode.NetworkNotAllowed,
    `network not allowed (${field})`,
    { pod, network },
    `namespaceIsolation is on: a pod in namespace "${pod.namespace}" may not use networks of namespace "${nadNamespace}" (allowed: its own and ${config.globalNamespaces.length ? config.globalNamespaces.map((n) => `"${n}"`).join(', ') : 'no global namespaces'})`,
  );
}
