import { invalidConfig } from '@plexus/cni-spec';
import { formatCidr, isHostBitsZero, networkOf, parseGoCidr, parseGoIp, type Cidr } from '@plexus/ip';

/**
 * parseNetworkField parses a network in CIDR notation whose host bits must be zero (`ipam.subnet`,
 * `ipam.excludeCIDRs[i]`, `ipam.masterNets[i]`). With `bareAddress`, an address without prefix means that single
 * address (/32 or /128). Code 7 names the field.
 */
export function parseNetworkField(text: string, field: string, opts: { bareAddress?: boolean } = {}): Cidr {
  let go = parseGoCidr(text);
  if (go === undefined && opts.bareAddress) {
    const ip = parseGoIp(text);
    if (ip) go = parseGoCidr(`${ip.ip}/${ip.family === 4 ? 32 : 128}`);
  }
  // Only the Cidr fields: the value is stored and compared as a plain Cidr.
  const cidr: Cidr | undefined = go && { family: go.family, value: go.value, prefix: go.prefix };
  if (!cidr) throw invalidConfig(field, `${JSON.stringify(text)} is not a network in CIDR notation (address/prefix)`);
  if (!isHostBitsZero(cidr)) {
    throw invalidConfig(field, `${JSON.stringify(text)} has host bits set; the network is ${formatCidr(networkOf(cidr))}`);
  }
  return cidr;
}
