import ipaddr from 'ipaddr.js';

export type Family = 4 | 6;

/** A parsed address with its prefix length (host bits may be set: "10.0.0.5/24"). */
export interface Cidr {
  family: Family;
  /** The address as a big integer. */
  value: bigint;
  prefix: number;
}

/** bitsOf returns the address length of a family. */
export function bitsOf(family: Family): number {
  return family === 4 ? 32 : 128;
}

/** parseIp parses an address (no prefix); IPv4-mapped IPv6 stays IPv6. Returns undefined when invalid. */
export function parseIp(input: string): { family: Family; value: bigint } | undefined {
  if (typeof input !== 'string' || input.includes('/') || input.includes('%')) return undefined;
  let s = input;
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) {
    return { family: 4, value: bytesToBigint(ipaddr.IPv4.parse(s).toByteArray()) };
  }
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.includes('.', lastColon)) {
    // ipaddr.js reads "::1.2.3.4" (IPv4-compatible) as "::ffff:1.2.3.4" and accepts leading zeros in the quad; parse
    // the quad strictly and rewrite it as two hex groups, which gives the address as written (Go's answer).
    const quad = s.slice(lastColon + 1);
    if (!ipaddr.IPv4.isValidFourPartDecimal(quad) || /(^|\.)0\d/.test(quad)) return undefined;
    const v = bytesToBigint(ipaddr.IPv4.parse(quad).toByteArray());
    s = `${s.slice(0, lastColon + 1)}${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
  }
  if (ipaddr.IPv6.isValid(s)) return { family: 6, value: bytesToBigint(ipaddr.IPv6.parse(s).toByteArray()) };
  return undefined;
}

/**
 * parseCidr parses "addr/prefix" (a prefix of at most three digits); returns undefined for anything malformed or a
 * prefix out of range. `parseGoCidr` is the same parse with Go's rules (any number of prefix digits, IPv4-mapped
 * addresses turned into IPv4) for config the Go reference plugins read.
 */
export function parseCidr(s: string): Cidr | undefined {
  return splitCidr(s, /^\d{1,3}$/);
}

/** splitCidr parses "addr/prefix" with the prefix's digits matching `prefixDigits` (the one core of both parsers). */
export function splitCidr(s: string, prefixDigits: RegExp): Cidr | undefined {
  if (typeof s !== 'string') return undefined;
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(s.slice(0, slash));
  const p = s.slice(slash + 1);
  if (!ip || !prefixDigits.test(p)) return undefined;
  const prefix = Number(p);
  if (prefix > bitsOf(ip.family)) return undefined;
  return { ...ip, prefix };
}

/** formatIp renders an address canonically (dotted quad, RFC 5952 IPv6). */
export function formatIp(family: Family, value: bigint): string {
  const bytes = bigintToBytes(value, bitsOf(family) / 8);
  return family === 4 ? ipaddr.fromByteArray(bytes).toString() : (ipaddr.fromByteArray(bytes) as ipaddr.IPv6).toRFC5952String();
}

/** formatCidr renders a Cidr as "addr/prefix". */
export function formatCidr(c: Cidr): string {
  return `${formatIp(c.family, c.value)}/${c.prefix}`;
}

/** canonicalIp returns the canonical text of an address, or undefined when invalid. */
export function canonicalIp(s: string): string | undefined {
  const ip = parseIp(s);
  return ip && formatIp(ip.family, ip.value);
}

/** canonicalCidr returns the canonical "addr/prefix" text (host bits kept), or undefined when invalid. */
export function canonicalCidr(s: string): string | undefined {
  const c = parseCidr(s);
  return c && formatCidr(c);
}

/** hostMask returns the mask of the host bits of a prefix. */
export function hostMask(family: Family, prefix: number): bigint {
  return (1n << BigInt(bitsOf(family) - prefix)) - 1n;
}

/** networkOf clears the host bits ("10.0.0.5/24" → 10.0.0.0/24). */
export function networkOf(c: Cidr): Cidr {
  return { ...c, value: c.value & ~hostMask(c.family, c.prefix) };
}

/** broadcastOf sets the host bits. */
export function broadcastOf(c: Cidr): bigint {
  return c.value | hostMask(c.family, c.prefix);
}

/** containsIp tells whether the network of `net` contains the address. */
export function containsIp(net: Cidr, ip: { family: Family; value: bigint }): boolean {
  return net.family === ip.family && (ip.value & ~hostMask(net.family, net.prefix)) === networkOf(net).value;
}

/** containsCidr tells whether `inner` lies wholly inside `outer`. */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && inner.prefix >= outer.prefix && containsIp(outer, inner);
}

/** overlaps tells whether two networks share any address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return containsCidr(a, b) || containsCidr(b, a);
}

/** isHostBitsZero tells whether a CIDR names a network exactly. */
export function isHostBitsZero(c: Cidr): boolean {
  return (c.value & hostMask(c.family, c.prefix)) === 0n;
}

function bytesToBigint(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function bigintToBytes(v: bigint, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
