import { CURRENT_SPEC_VERSION, type Result } from '@plexus/cni-spec';
import type { AllocatedAddress } from './alloc/allocate';
import type { MultiNicConfig } from '@plexus/multi-nic';

/**
 * buildMultiNicResult answers an ADD. The contract with the caller (meta-dispatcher, ipvlan): `ips[k]` is the
 * address for the k-th master of the attachment's masters list (the `masters` it asked for, in its order, or the
 * pool order when it asked for none), and `ips[k].interface` is k. An IPAM result has no `interfaces`, and the spec
 * has no place for the master's name, so the order is the whole contract. Addresses carry the interface-block
 * prefix (`/P+m`): pods of one interface block reach each other over the connected route.
 */
export function buildMultiNicResult(config: MultiNicConfig, addresses: readonly AllocatedAddress[]): Result {
  const result: Result = { cniVersion: CURRENT_SPEC_VERSION, ips: addresses.map((a, i) => ({ address: a.address, interface: i })) };
  if (config.routes.length) result.routes = config.routes.map((r) => ({ ...r }));
  if (config.dns) result.dns = config.dns;
  return result;
}
