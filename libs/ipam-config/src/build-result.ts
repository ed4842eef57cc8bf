import { CURRENT_SPEC_VERSION, type Dns, type Result, type Route } from '@plexus/cni-spec';
import type { IpamAddress } from './address';

/** Everything an IPAM plugin answers: addresses, routes and DNS. */
export interface IpamAnswer {
  addresses: IpamAddress[];
  routes: Route[];
  dns?: Dns;
}

/**
 * buildIpamResult turns an IPAM answer into an abbreviated result in the current schema: no interfaces and no
 * `ips[].interface` (SPEC §4: the calling plugin assigns those). The skel converts it to the config's version.
 */
export function buildIpamResult(answer: IpamAnswer): Result {
  const result: Result = { cniVersion: CURRENT_SPEC_VERSION };
  if (answer.addresses.length) {
    result.ips = answer.addresses.map((a) => (a.gateway ? { address: a.address, gateway: a.gateway } : { address: a.address }));
  }
  if (answer.routes.length) result.routes = answer.routes.map((r) => ({ ...r }));
  if (answer.dns) result.dns = answer.dns;
  return result;
}
