import { invalidConfig } from '@plexus/cni-spec';
import { canonicalIp, isHostBitsZero, networkOf, parseCidr, formatCidr, parseIp } from '@plexus/ip';
import { readString } from '@plexus/json-fields';

/** readNetwork reads a required destination CIDR whose host bits are zero (the kernel refuses others). */
export function readNetwork(v: unknown, field: string): { dst: string; family: 4 | 6 } {
  const text = readString(v, field);
  if (text === undefined) throw invalidConfig(field, 'missing: a route needs a destination CIDR');
  const c = parseCidr(text.trim());
  if (!c) throw invalidConfig(field, `${JSON.stringify(text)} is not a CIDR`);
  if (!isHostBitsZero(c)) throw invalidConfig(field, `${JSON.stringify(text)} has host bits set (the network is ${formatCidr(networkOf(c))})`);
  return { dst: formatCidr(c), family: c.family };
}

/** readGateway reads an optional gateway address of the given family. */
export function readGateway(v: unknown, field: string, family: 4 | 6): string | undefined {
  const text = readString(v, field);
  if (text === undefined) return undefined;
  const ip = parseIp(text.trim());
  if (!ip) throw invalidConfig(field, `${JSON.stringify(text)} is not an IP address`);
  if (ip.family !== family) throw invalidConfig(field, `${text} is IPv${ip.family}, the destination is IPv${family}`);
  return canonicalIp(text.trim());
}
