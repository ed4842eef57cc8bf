import { formatResult, toCniError, type Result } from '@plexus/cni-spec';
import { parseNetworkConfig } from '@plexus/conflist';
import type { CmdArgs } from '@plexus/skel';
import { CHECKPOINT_KIND, CHECKPOINT_VERSION, type Checkpoint } from './checkpoint/checkpoint';
import { clearLeftover } from './execute/clear-leftover';
import { assignDevices } from './devices/assign-devices';
import type { DeviceInfo } from './devices/device-info';
import type { DispatcherDeps } from './invocation/dispatcher-deps';
import { awaitReadiness } from './invocation/wait-for-readiness';
import { openInvocation, type Invocation } from './invocation/invocation';
import { describePlan } from './plan/describe-plan';
import { planPod } from './plan-pod';
import { rollBack } from './execute/rollback';
import { addAttachments } from './execute/add-attachments';
import { checkDelegatesExist } from './execute/check-delegates-exist';
import { moveDefaultRoutes, planDefaultRoutes, rewriteDefaultRoutes } from './execute/apply-default-route';
import { primaryIndexOf } from './plan/naming/assign-if-names';
import { runReservations } from './reserve/run-reservations';
import { clusterNetworkResult } from './status/result/cluster-network-result';
import { mergeResults } from './status/result/merge-results';
import { publishPodStatus } from './status/publish-pod-status';

/**
 * createAdd builds the ADD handler:
 * 1. resolve the pod's networks (sources; reads only), give resourceName networks their devices (kubelet
 *    checkpoint), and plan them (names, NIC pool, collision checks);
 * 2. write the checkpoint — before any reservation or delegate — so DEL can always undo what follows;
 * 3. reserve (DANM addresses, multi-NIC IPAM), re-writing the checkpoint with each rendered config;
 * 4. run the delegates in plan order, verifying requested ips/mac; move default routes;
 * 5. record the results in the checkpoint, publish network-status and events (best effort);
 * 6. return the cluster network's result, as Multus does (every attachment is in network-status), or with
 *    `mergedResult: true` every result merged, primary first.
 * Any failure in 3–5 rolls back everything done so far, in reverse, and returns the first error.
 */
export function createAdd(deps: DispatcherDeps): (args: CmdArgs) => Promise<Result> {
  return async (args) => {
    const inv = openInvocation(args, deps);
    await awaitReadiness(inv);
    await clearLeftover(inv);
    const requests = await deps.sources.resolveNetworks({ config: inv.config, cniArgs: inv.runtimeCniArgs, runtimeConfig: args.conf.runtimeConfig ?? {}, deps: inv.source });
    const devices = await assignDevices(inv, requests);
    const built = await planPod(inv, requests);
    inv.log.debug('plan', describePlan(built.plan));
    checkDelegatesExist(inv.chain, built.plan.attachments);
    const cp: Checkpoint = {
      kind: CHECKPOINT_KIND,
      version: CHECKPOINT_VERSION,
      containerId: args.containerId,
      netns: args.netns,
      ifName: args.ifName,
      cniVersion: inv.config.cniVersion,
      ...(inv.pod ? { pod: inv.pod } : {}),
      phase: 'planned',
      ...built.plan,
    };
    await inv.store.write(cp);
    try {
      await runReservations(inv, cp, built.reservationRequests);
    } catch (e) {
      throw await rollBack(inv, cp, -1, toCniError(e));
    }
    const outcome = await addAttachments(inv, cp);
    if (!outcome.ok) throw await rollBack(inv, cp, outcome.failedAt, outcome.error);
    const results = await finish(inv, cp, outcome.results, devices);
    const primary = primaryIndexOf(requests, inv.pod);
    return inv.config.mergedResult ? mergeResults(primary, results) : clusterNetworkResult(primary, results);
  };
}

/** finish moves default routes, records the results and publishes the pod's status; rolls back on failure. */
async function finish(inv: Invocation, cp: Checkpoint, added: Result[], devices: ReadonlyMap<string, DeviceInfo>): Promise<Result[]> {
  let results: Result[];
  try {
    const moves = planDefaultRoutes(cp.attachments);
    if (moves.length) await moveDefaultRoutes(inv.deps.netlink(), inv.args.netns, moves);
    results = rewriteDefaultRoutes(added, moves);
    cp.attachments.forEach((att, i) => (att.result = formatResult(results[i]!, parseNetworkConfig(att.config!).cniVersion)));
    cp.phase = 'added';
    await inv.store.write(cp);
  } catch (e) {
    throw await rollBack(inv, cp, cp.attachments.length - 1, toCniError(e));
  }
  const kube = inv.kube();
  if (kube && inv.pod) {
    const sources = cp.attachments.map((att, i) => {
      const deviceInfo = devices.get(String(att.capabilityArgs.deviceID));
      return { network: att.network, isPrimary: att.isPrimary, ifName: att.ifName, result: results[i]!, ...(deviceInfo ? { deviceInfo } : {}) };
    });
    await publishPodStatus(kube, inv.pod, sources, inv.log);
  } else {
    inv.log.debug('no Kubernetes API or pod: network-status not written');
  }
  return results;
}
