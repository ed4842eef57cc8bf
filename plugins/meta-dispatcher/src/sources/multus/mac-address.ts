const COLON_OR_DASH_RE = /^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\1[0-9a-fA-F]{2})*$/;
const DOTTED_RE = /^[0-9a-fA-F]{4}(\.[0-9a-fA-F]{4})*$/;

/**
 * isMacAddress accepts what Go's net.ParseMAC accepts (Multus validates `mac` with it): IEEE 802 MAC-48, EUI-48,
 * EUI-64 or 20-octet IP-over-InfiniBand addresses, written with `:` or `-` between octets or as dotted groups of
 * four hex digits.
 */
export function isMacAddress(s: string): boolean {
  let octets: number;
  if (COLON_OR_DASH_RE.test(s)) octets = (s.length + 1) / 3;
  else if (DOTTED_RE.test(s)) octets = ((s.length + 1) / 5) * 2;
  else return false;
  return octets === 6 || octets === 8 || octets === 20;
}
