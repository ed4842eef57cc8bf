import { invalidConfig } from '@plexus/cni-spec';
import { parseGoCidr, parseGoIp, type Family } from '@plexus/ip';

/** One address of an IPAM answer, in canonical form. */
export interface IpamAddress {
  /** "10.0.0.5/24": the address with its prefix, host bits kept. */
  address: string;
  family: Family;
  gateway?: string;
  /** The config field it came from ("ipam.addresses[1].address", "CNI_ARGS IP[0]"), for messages. */
  field: string;
}

/** parseAddressCidr parses an address that must carry a prefix (code 7 naming `field` otherwise). */
export function parseAddressCidr(text: string, field: string): IpamAddress {
  const cidr = parseGoCidr(text);
  if (!cidr) throw invalidConfig(field, `${JSON.stringify(text)} is not an IP address in CIDR notation (address/prefix)`);
  return { address: cidr.text, family: cidr.family, field };
}

/** parseGateway parses an optional gateway address; empty means none, as Go's net.IP decoding has it. */
export function parseGateway(text: string | undefined, field: string): string | undefined {
  if (text === undefined || text === '') return undefined;
  const ip = parseGoIp(text);
  if (!ip) throw invalidConfig(field, `${JSON.stringify(text)} is not an IP address`);
  return ip.ip;
}
