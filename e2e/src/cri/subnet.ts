import { containsIp, parseCidr, parseIp } from '@plexus/ip';

/** inSubnet tells whether an address (with or without /prefix) lies in a subnet. */
export function inSubnet(address: string, subnet: string): boolean {
  const net = parseCidr(subnet);
  const ip = parseIp(address.split('/')[0]);
  if (!net || !ip) throw new Error(`not an address/subnet: ${address} ${subnet}`);
  return containsIp(net, ip);
}
