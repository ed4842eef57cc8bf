import type { Result } from '@plexus/cni-spec';
import type { PodEvent } from '@plexus/k8s';
import type { PodIdentity } from '../plan/network-request';

/** What one attachment contributes to the events. */
export interface EventSource {
  network: string;
  ifName: string;
  result: Result;
}

/**
 * addedInterfaceEvents builds Multus' `AddedInterface` events (pure), one per attachment whose result has
 * interfaces or IPs: `Add net1 [10.1.1.11/24] from ns/nad` (the IP list printed like Go's %v of a []string).
 */
export function addedInterfaceEvents(pod: PodIdentity, sources: readonly EventSource[]): PodEvent[] {
  return sources
    .filter((s) => (s.result.interfaces?.length ?? 0) > 0 || (s.result.ips?.length ?? 0) > 0)
    .map((s) => ({
      pod: { namespace: pod.namespace, name: pod.name, ...(pod.uid ? { uid: pod.uid } : {}) },
      reason: 'AddedInterface',
      type: 'Normal' as const,
      component: 'plexus-meta-dispatcher',
      message: `Add ${s.ifName} [${(s.result.ips ?? []).map((ip) => ip.address).join(' ')}] from ${s.network}`,
    }));
}
