import { invalidConfig, type Result } from '@plexus/cni-spec';
import type { IpvlanConf } from './config';

/** Where ADD gets the interface's addresses from: an IPAM delegate, or the previous plugin's result. */
export type AddressSource = { kind: 'ipam'; type: string } | { kind: 'prevResult'; result: Result };

/**
 * chooseAddressSource applies the reference rule (pure): `ipam.type` wins; without it, a chained plugin reuses
 * prevResult's IPs, routes and DNS. With neither there is nothing to configure, which is a config error (7).
 */
export function chooseAddressSource(conf: IpvlanConf): AddressSource {
  if (conf.ipamType !== undefined) return { kind: 'ipam', type: conf.ipamType };
  if (conf.prevResult?.ips?.length) return { kind: 'prevResult', result: conf.prevResult };
  throw invalidConfig('ipam', 'missing "ipam.type": required unless chained after a plugin whose prevResult has IP addresses');
}
