import { invalidConfig } from '@plexus/cni-spec';
import { formatCidr, isHostBitsZero, networkOf, parseCidr, type Cidr } from '@plexus/ip';
import { parseGoCidr, parseGoIp } from '@plexus/ipam-config';

/**
 * parseNetworkField parses a network in CIDR notation whose host bits must be zero (`ipam.subnet`,
 * `ipam.excludeCIDRs[i]`, `ipam.masterNets[i]`). With `bareAddress`, an address without prefix means that single
 * address (/32 or /128). Code 7 names the field.
 */
export function parseNetworkField(text: string, field: string, opts: { bareAddress?: boolean } = {}): Cidr {
  let goText: string | undefined = parseGoCidr(text)?.text;
  if (goText === undefined && opts.bareAddress) {
    const ip = parseGoIp(text);
    if (ip) goText = `${ip.ip}/${ip.family === 4 ? 32 : 128}`;
  }
  const cidr = goText === undefined ? undefined : parseCidr(goText);
  if (!cidr) throw invalidConfig(field, `${JSON.stringify(text)} is not a network in CIDR notation (address/prefix)`);
  if (!isHostBitsZero(cidr)) {
    throw invalidConfig(field, `${JSON.stringify(text)} has host bits set; the network is ${formatCidr(networkOf(cidr))}`);
  }
  return cidr;
}
