import { parseCidr } from '@plexus/ip';

/**
 * fakeipamSection renders the `ipam` that hands pre-chosen addresses to a delegate, in DANM's fakeipam form:
 * `{"type": "fakeipam", "ips": [{"ipcidr": "10.0.0.5/24", "version": 4}]}` (pure).
 */
export function fakeipamSection(addresses: readonly string[]): Record<string, unknown> {
  return {
    type: 'fakeipam',
    ips: addresses.map((ipcidr) => ({ ipcidr, version: parseCidr(ipcidr)?.family ?? (ipcidr.includes(':') ? 6 : 4) })),
  };
}
