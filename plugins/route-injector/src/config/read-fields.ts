import { invalidConfig } from '@plexus/cni-spec';
import { canonicalIp, isHostBitsZero, networkOf, parseCidr, formatCidr, parseIp } from '@plexus/ip';
import { isJsonObject, jsonTypeOf, readString, type JsonObject } from '@plexus/ipam-config';

/** readEntry checks that a list item is an object with only known keys (a typo like "gateway" must not pass silently). */
export function readEntry(raw: unknown, field: string, known: readonly string[]): JsonObject {
  if (!isJsonObject(raw)) throw invalidConfig(field, `must be an object, got ${jsonTypeOf(raw)}`);
  const unknown = Object.keys(raw).filter((k) => !known.includes(k));
  if (unknown.length) throw invalidConfig(`${field}.${unknown[0]}`, `unknown key (known keys: ${known.join(', ')})`);
  return raw;
}

/** readUint reads an optional integer in [min, max]. */
export function readUint(v: unknown, field: string, min: number, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw invalidConfig(field, `must be an integer from ${min} to ${max}, got ${jsonTypeOf(v)}`);
  }
  return v;
}

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
