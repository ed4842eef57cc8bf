import type { NetworkRequest, PodIdentity } from '../plan/network-request';
import { invalidRequest } from '../errors/dispatcher-errors';

/**
 * checkInterfaceNames refuses a plan in which two networks ask for the same explicit interface name (Multus would
 * only notice inside the netns, after the first delegate ran). Code 7 names the pod, the second network and both.
 */
export function checkInterfaceNames(plan: readonly NetworkRequest[], pod: PodIdentity | undefined): void {
  const seen = new Map<string, string>();
  for (const r of plan) {
    if (!r.ifName) continue;
    const other = seen.get(r.ifName);
    if (other !== undefined) throw invalidRequest({ pod, network: r.statusName }, 'interface', `"${r.ifName}" is also asked for by network "${other}"`);
    seen.set(r.ifName, r.statusName);
  }
}
