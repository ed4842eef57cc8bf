import type { PodIdentity } from '../../plan/network-request';
import { DispatcherCode, dispatcherError } from '../../errors/dispatcher-errors';
import { describeDanmRef, type DanmNetwork } from '../../plan/danm-network';

/**
 * checkTenant enforces a ClusterNetwork's `allowedTenants` (DANM's isTenantAllowed: an absent or empty list
 * allows every namespace). The refusal (111) names the pod, the network, the namespace and the field.
 */
export function checkTenant(network: DanmNetwork, pod: PodIdentity, field: string): void {
  const allowed = network.allowedTenants;
  if (network.ref.kind !== 'ClusterNetwork' || !allowed?.length || allowed.includes(pod.namespace)) return;
  throw dispatcherError(
    DispatcherCode.NetworkNotAllowed,
    `network not allowed (${field})`,
    { pod, network: describeDanmRef(network.ref) },
    `namespace "${pod.namespace}" is not in spec.allowedTenants (${allowed.map((n) => `"${n}"`).join(', ')})`,
  );
}
