import type { KubeClient } from '@plexus/k8s';
import type { DanmNetworkRef } from '../../plan/network-request';
import { describeDanmRef, type DanmOwner } from '../../plan/danm-network';
import { writeAllocationState } from './allocation-state';
import { readState, type DanmIpamOptions } from './allocate-danm-ips';
import { planRelease } from './plan-allocation';
import { updateNetwork } from './update-network';

/**
 * releaseDanmIps frees every address the owner (containerId + ifName) holds in a DANM network object, so DEL needs
 * no record of which addresses they were. Idempotent and forgiving as DEL must be: a missing network or an owner
 * holding nothing is success (no write). Returns the freed addresses.
 */
export async function releaseDanmIps(client: KubeClient, ref: DanmNetworkRef, owner: DanmOwner, opts: DanmIpamOptions = {}): Promise<string[]> {
  const s = { pod: opts.pod, network: describeDanmRef(ref) };
  return updateNetwork<string[]>(
    client,
    ref,
    (obj) => {
      const plan = planRelease(readState(obj, s), owner);
      return plan.changed ? { value: plan.released, next: writeAllocationState(obj, plan.state) } : { value: [] };
    },
    () => [],
    s,
    opts,
  );
}
