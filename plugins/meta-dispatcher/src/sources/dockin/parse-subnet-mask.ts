/**
 * parseSubnetMask reads a Dockin `subnetMask` (pure): dotted (`255.255.255.0`) or 8 hex digits (`ffffff00`, as
 * Dockin's ParseIPv4Mask accepts), and returns the prefix length. Undefined for anything else, including
 * non-contiguous masks and 0.0.0.0 — Dockin turned those into a silent /0 address.
 */
export function parseSubnetMask(text: string): number | undefined {
  let value: number;
  if (/^[0-9a-fA-F]{8}$/.test(text)) value = parseInt(text, 16);
  else {
    const parts = text.split('.');
    if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
    value = parts.reduce((acc, p) => acc * 256 + Number(p), 0);
  }
  const bits = value.toString(2).padStart(32, '0');
  // Contiguous ones then zeros, and at least one bit: a 0.0.0.0 mask would make the address a /0.
  if (!/^1+0*$/.test(bits)) return undefined;
  return bits.indexOf('0') < 0 ? 32 : bits.indexOf('0');
}
