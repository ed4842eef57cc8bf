import { netnsCniError, type Netlink } from '@plexus/netlink';
import { DispatcherCode, dispatcherError } from '../../errors/dispatcher-errors';
import type { PodIdentity } from '../network-request';

/** An interface the plan creates, and which network it belongs to. */
export interface NamedInterface {
  ifName: string;
  network: string;
  /** The request field the name came from. */
  field: string;
}

/**
 * checkUniqueNames refuses a plan that names two interfaces alike (pure): two networks asking for the same
 * `interface`, or an explicit name colliding with a generated one. Code 101 names the second network.
 */
export function checkUniqueNames(names: readonly NamedInterface[], pod?: PodIdentity): void {
  const seen = new Map<string, NamedInterface>();
  for (const n of names) {
    const first = seen.get(n.ifName);
    if (first) {
      throw dispatcherError(DispatcherCode.InterfaceNameTaken, `invalid ${n.field}`, { pod, network: n.network }, `interface name "${n.ifName}" is also the interface of network "${first.network}"`);
    }
    seen.set(n.ifName, n);
  }
}

/**
 * checkNamesFree refuses names that already exist in the pod's netns (Multus' validateIfName, done for every
 * network before anything runs, with one listing). A missing netns is code 4 naming CNI_NETNS.
 */
export async function checkNamesFree(netlink: Pick<Netlink, 'pod'>, netns: string, names: readonly NamedInterface[], pod?: PodIdentity): Promise<void> {
  let existing: Set<string>;
  try {
    existing = new Set((await netlink.pod(netns).listLinks()).map((l) => l.name));
  } catch (e) {
    const invalid = netnsCniError(e);
    if (invalid) throw dispatcherError(invalid.code, invalid.msg, { pod }, invalid.details ?? invalid.msg);
    throw e;
  }
  const taken = names.find((n) => existing.has(n.ifName));
  if (taken) {
    throw dispatcherError(DispatcherCode.InterfaceNameTaken, `invalid ${taken.field}`, { pod, network: taken.network }, `interface name "${taken.ifName}" already exists in the pod's network namespace`);
  }
}
