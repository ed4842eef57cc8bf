import { CniCode } from '@plexus/cni-spec';
import { assignIfNames, primaryIndexOf } from './plan/naming/assign-if-names';
import { checkNamesFree, checkUniqueNames } from './plan/naming/check-names';
import { chooseNics } from './plan/multi-nic/choose-nics';
import { discoverNicPool } from './sources/host-nics/discover-nic-pool';
import { restrictToIpamPool } from './plan/multi-nic/restrict-to-ipam-pool';
import type { HostNic } from './plan/multi-nic/select-pool-nics';
import { buildPlan, type BuiltPlan } from './plan/build-plan';
import type { NetworkRequest } from './plan/network-request';
import { dispatcherError } from './errors/dispatcher-errors';
import type { Invocation } from './invocation/invocation';

/**
 * planPod turns the resolved networks into the pod's plan and proves it can run before anything does: interface
 * names (assigned, valid, unique, and not yet present in the pod), multi-NIC fan-outs over the host's NIC pool
 * (read from the host netns only when a multi-NIC network is asked for), an API for DANM reservations. Nothing is
 * changed anywhere.
 */
export async function planPod(inv: Invocation, requests: readonly NetworkRequest[]): Promise<BuiltPlan> {
  if (requests.length === 0) throw dispatcherError(CniCode.InvalidConfig, 'no networks', { pod: inv.pod }, 'the sources resolved no network for this pod');
  const danm = requests.find((r) => r.danm);
  if (danm && !inv.source.kube) {
    // Refused before the checkpoint: a reservation that cannot be made could not be released either.
    throw dispatcherError(CniCode.InvalidConfig, 'invalid kubeconfig', { pod: inv.pod, network: danm.statusName }, 'a DANM network needs the Kubernetes API to reserve addresses, and none is configured');
  }
  const names = assignIfNames(requests, { containerIfName: inv.args.ifName, pod: inv.pod });
  const nics = new Map<number, string[]>();
  let pool: HostNic[] | undefined;
  for (const [i, req] of requests.entries()) {
    if (!req.multiNic) continue;
    pool ??= await discoverNicPool(inv.deps.netlink(), inv.config.multiNic);
    nics.set(i, chooseNics(req.multiNic, restrictToIpamPool(pool, req.multiNic.ipam), req.statusName, inv.pod));
  }
  const built = buildPlan({
    requests,
    names,
    primary: primaryIndexOf(requests, inv.pod),
    nics,
    containerId: inv.args.containerId,
    runtimeCniArgs: inv.runtimeCniArgs,
    kubeconfig: inv.config.kubeconfig,
    pod: inv.pod,
  });
  checkUniqueNames(built.interfaces, inv.pod);
  await checkNamesFree(inv.deps.netlink(), inv.args.netns, built.interfaces, inv.pod);
  return built;
}
