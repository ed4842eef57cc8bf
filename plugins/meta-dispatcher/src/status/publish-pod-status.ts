import type { Result } from '@plexus/cni-spec';
import type { KubeClient } from '@plexus/k8s';
import type { Logger } from '@plexus/log';
import { addedInterfaceEvents } from './added-interface-events';
import type { PodIdentity } from '../plan/network-request';
import { NETWORK_STATUS_ANNOTATION, networkStatusEntries, type StatusSource } from './network-status';
import { renderNetworkStatus } from './render-network-status';

/** What publishPodStatus reports back (for logs and tests). */
export interface PublishOutcome {
  statusWritten: boolean;
  events: number;
  failures: string[];
}

/**
 * publishPodStatus writes the pod's network-status annotation (one merge-patch through pods/status) and its
 * AddedInterface events, all concurrently. Failures are logged, never thrown: the interfaces exist and the runtime
 * has a working pod; failing the ADD now would tear down a healthy network over a cosmetic write (Multus likewise
 * tolerates a status write that fails because the pod is gone).
 */
export async function publishPodStatus(kube: KubeClient, pod: PodIdentity, sources: readonly StatusSource[], log: Logger): Promise<PublishOutcome> {
  const entries = sources.flatMap(networkStatusEntries);
  const annotation = renderNetworkStatus(entries);
  const events = addedInterfaceEvents(pod, sources.map((s) => ({ network: s.network, ifName: s.ifName, result: s.result as Result })));
  const outcome: PublishOutcome = { statusWritten: false, events: 0, failures: [] };
  const settled = await Promise.allSettled([
    kube.patchPodAnnotations(pod.namespace, pod.name, { [NETWORK_STATUS_ANNOTATION]: annotation }).then(() => (outcome.statusWritten = true)),
    ...events.map((e) => kube.createPodEvent(e).then(() => outcome.events++)),
  ]);
  for (const s of settled) if (s.status === 'rejected') outcome.failures.push(s.reason instanceof Error ? s.reason.message : String(s.reason));
  if (outcome.failures.length) log.warn('pod network status not fully published', { failures: outcome.failures });
  return outcome;
}
