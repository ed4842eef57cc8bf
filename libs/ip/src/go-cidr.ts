import { formatIp, parseIp, splitCidr, type Cidr, type Family } from './cidr';

/** An address with prefix in the canonical form Go's CNI types print ("10.0.0.5/24", host bits kept). */
export interface GoCidr extends Cidr {
  /** The address alone, canonical ("10.0.0.5", "fd00::5"). */
  ip: string;
  /** `ip/prefix`. */
  text: string;
}

/**
 * parseGoIp parses an address the way Go's `net.ParseIP` does and returns its canonical text as Go's `IP.String()`
 * prints it (an IPv4-mapped IPv6 address prints as dotted IPv4), or undefined when invalid.
 */
export function parseGoIp(text: string): { family: Family; ip: string } | undefined {
  const ip = parseIp(text);
  if (!ip) return undefined;
  if (isV4Mapped(ip)) return { family: 4, ip: formatIp(4, ip.value & 0xffffffffn) };
  return { family: ip.family, ip: formatIp(ip.family, ip.value) };
}

/**
 * parseGoCidr parses "addr/prefix" like Go's `net.ParseCIDR` followed by the reference plugins' canonicalisation
 * (`ip.To4()`): host bits are kept, the prefix may have leading zeros, and an IPv4-mapped IPv6 address becomes IPv4
 * with its prefix minus 96. Go would print a mapped address with a prefix below 96 as "a.b.c.d/0"; that mask cannot
 * be meant, so it is rejected here. Returns undefined when invalid.
 */
export function parseGoCidr(text: string): GoCidr | undefined {
  const c = splitCidr(text, /^\d+$/);
  if (!c) return undefined;
  let { family, value, prefix } = c;
  if (isV4Mapped(c)) {
    if (prefix < 96) return undefined;
    family = 4;
    value &= 0xffffffffn;
    prefix -= 96;
  }
  const canonical = formatIp(family, value);
  return { family, value, prefix, ip: canonical, text: `${canonical}/${prefix}` };
}

function isV4Mapped(ip: { family: Family; value: bigint }): boolean {
  // ::ffff:a.b.c.d — the form Go's To4() turns back into IPv4.
  return ip.family === 6 && ip.value >> 32n === 0xffffn;
}

/** familyName renders a family the way results and messages spell it. */
export function familyName(family: Family): string {
  return family === 4 ? 'IPv4' : 'IPv6';
}
