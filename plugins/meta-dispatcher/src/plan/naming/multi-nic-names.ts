import { CniCode, ifNameProblem, quoteIfName } from '@plexus/cni-spec';
import { dispatcherError } from '../../errors/dispatcher-errors';
import type { PodIdentity } from '../network-request';

/**
 * multiNicIfNames names a multi-NIC group's interfaces `<base>-<i>` (multi-nic-cni's rule), one per chosen NIC.
 * The base itself is never created; it only keys the group's IPAM reservation. Code 7 when a name gets too long.
 */
export function multiNicIfNames(base: string, count: number, network: string, pod?: PodIdentity): string[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${base}-${i}`;
    const problem = ifNameProblem(name);
    if (problem) throw dispatcherError(CniCode.InvalidConfig, 'invalid interface', { pod, network }, `multi-NIC interface name ${quoteIfName(name)} ${problem} (shorten the base name "${base}")`);
    return name;
  });
}
