import { CniCode, ifNameProblem, quoteIfName } from '@plexus/cni-spec';
import { dispatcherError } from '../../errors/dispatcher-errors';
import type { NetworkRequest, PodIdentity } from '../network-request';

/** Inputs of assignIfNames besides the requests. */
export interface NamingOptions {
  /** CNI_IFNAME: the primary network's interface. */
  containerIfName: string;
  pod?: PodIdentity;
}

/** An interface name and the request field it came from (for messages). */
export interface AssignedName {
  ifName: string;
  field: string;
}

/**
 * assignIfNames names every network's interface (pure), in the order Multus and DANM agree on: the primary gets
 * CNI_IFNAME; otherwise an explicit `interface` wins (the sources put DANM's legacy containerPrefix there), then a
 * DANM containerPrefix + index, then `net<index>`,
 * where index is the position in the full list, so an explicitly named network does not renumber later ones.
 * When no request is marked primary, the first one is (the runtime expects CNI_IFNAME to exist).
 * Every name must be a usable interface name (code 7 naming pod, network and field).
 */
export function assignIfNames(requests: readonly NetworkRequest[], opts: NamingOptions): AssignedName[] {
  const primary = primaryIndexOf(requests, opts.pod);
  return requests.map((req, index) => {
    const named = nameOf(req, index, index === primary, opts);
    const problem = ifNameProblem(named.ifName);
    if (problem) {
      throw dispatcherError(CniCode.InvalidConfig, `invalid ${named.field}`, { pod: opts.pod, network: req.statusName }, `interface name ${quoteIfName(named.ifName)} ${problem}`);
    }
    return named;
  });
}

/** primaryIndexOf finds the one primary request (the first when none is marked); two is a source bug, code 7. */
export function primaryIndexOf(requests: readonly NetworkRequest[], pod?: PodIdentity): number {
  const marked = requests.flatMap((r, i) => (r.isPrimary ? [i] : []));
  if (marked.length > 1) {
    const [a, b] = marked.map((i) => requests[i]!.statusName);
    throw dispatcherError(CniCode.InvalidConfig, 'invalid networks', { pod, network: b }, `two primary networks ("${a}" and "${b}"); exactly one gets CNI_IFNAME`);
  }
  return marked[0] ?? 0;
}

function nameOf(req: NetworkRequest, index: number, primary: boolean, opts: NamingOptions): AssignedName {
  if (primary) return { ifName: opts.containerIfName, field: 'CNI_IFNAME' };
  if (req.ifName) return { ifName: req.ifName, field: 'interface' };
  if (req.ifNamePrefix) {
    return { ifName: `${req.ifNamePrefix}${index}`, field: 'containerPrefix' };
  }
  return { ifName: `net${index}`, field: 'interface' };
}
