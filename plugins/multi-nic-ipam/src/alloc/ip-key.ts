import { formatIp, parseIp, type Family } from '@plexus/ip';

const OCTET = /^(0|[1-9]\d{0,2})$/;

/**
 * parseIpKey reads an allocation key: an address in canonical text. Block files are read inside the network lock
 * and hold up to a whole block of keys, so the common IPv4 case is parsed by hand (ipaddr.js costs ~30 µs a key
 * cold, which made the lock the bottleneck of 256 parallel ADDs); IPv6 keys go through @plexus/ip. Undefined
 * means not an address or not canonical.
 */
export function parseIpKey(text: string): { family: Family; value: bigint } | undefined {
  const parts = text.split('.');
  if (parts.length === 4) {
    let v = 0;
    for (const p of parts) {
      if (!OCTET.test(p)) return undefined;
      const n = Number(p);
      if (n > 255) return undefined;
      v = v * 256 + n;
    }
    return { family: 4, value: BigInt(v) };
  }
  if (!text.includes(':')) return undefined;
  const ip = parseIp(text);
  return ip && formatIp(ip.family, ip.value) === text ? ip : undefined;
}
