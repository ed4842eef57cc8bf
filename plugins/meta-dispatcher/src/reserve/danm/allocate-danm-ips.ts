import type { KubeClient } from '@plexus/k8s';
import type { DanmNetworkRef, PodIdentity } from '../../plan/network-request';
import { networkNotFound, invalidRequest } from '../../errors/dispatcher-errors';
import { describeDanmRef, type DanmNetwork, type DanmOwner } from '../../plan/danm-network';
import { parseDanmNetwork } from '../../sources/danm/parse-danm-network';
import { readAllocationState, writeAllocationState } from './allocation-state';
import { planAllocation, type DanmIpPair } from './plan-allocation';
import { updateNetwork, type UpdateOptions } from './update-network';
import { FieldProblem } from '@plexus/json-fields';

/** What allocateDanmIps reserved. */
export interface DanmAllocation {
  /** CIDRs with the network's prefix (IPv4 first), ready for renderDanmDelegate / renderDanmStaticDelegate. */
  addresses: string[];
  /** The network as read at the successful write. */
  network: DanmNetwork;
}

/** Options of allocateDanmIps / releaseDanmIps. */
export interface DanmIpamOptions extends UpdateOptions {
  /** The pod, for error messages. */
  pod?: PodIdentity;
}

/**
 * allocateDanmIps reserves addresses for one interface in a DANM network object, recorded in the object with its
 * owner (containerId + ifName) under optimistic concurrency (replace with resourceVersion; conflicts re-read and
 * retry, bounded, then code 11). Repeating it for the same owner returns the same addresses without writing.
 * Errors: network gone 110, bad network or request 7, static address in use 115, pool full 114.
 */
export async function allocateDanmIps(
  client: KubeClient,
  ref: DanmNetworkRef,
  request: DanmIpPair,
  owner: DanmOwner,
  opts: DanmIpamOptions = {},
): Promise<DanmAllocation> {
  const s = { pod: opts.pod, network: describeDanmRef(ref) };
  return updateNetwork<DanmAllocation>(
    client,
    ref,
    (obj) => {
      const network = parseDanmNetwork(obj, ref, opts.pod);
      const state = readState(obj, s);
      const plan = planAllocation(network, state, request, owner, s);
      const value = { addresses: plan.addresses, network };
      return plan.changed ? { value, next: writeAllocationState(obj, plan.state) } : { value };
    },
    () => {
      throw networkNotFound(s, 'network', `${describeDanmRef(ref)} does not exist`);
    },
    s,
    opts,
  );
}

/** readState reads the allocation record, turning damage into code 7 naming the field. */
export function readState(obj: Parameters<typeof readAllocationState>[0], s: { pod?: PodIdentity; network: string }): ReturnType<typeof readAllocationState> {
  try {
    return readAllocationState(obj);
  } catch (e) {
    if (e instanceof FieldProblem) throw invalidRequest(s, e.field, e.problem);
    throw e;
  }
}
