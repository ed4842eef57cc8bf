import { invalidConfig, resultFamilyOf } from '@plexus/cni-spec';
import type { IpamAddress } from './address';
import { familyName } from '@plexus/ip';

/**
 * checkAddressesFitVersion applies the 0.1.0/0.2.0 rule: those results have one `ip4` and one `ip6` block, so more
 * than one address of a family cannot be expressed (the reference `static` refuses it rather than drop addresses).
 * Code 7 names the fields the addresses came from.
 */
export function checkAddressesFitVersion(addresses: readonly IpamAddress[], cniVersion: string): void {
  if (resultFamilyOf(cniVersion) !== '020') return;
  for (const family of [4, 6] as const) {
    const same = addresses.filter((a) => a.family === family);
    if (same.length > 1) {
      throw invalidConfig(
        same.map((a) => a.field).join(', '),
        `cniVersion ${cniVersion} allows one ${familyName(family)} address, got ${same.length} (${same.map((a) => a.address).join(', ')}); use cniVersion 0.3.0 or later`,
      );
    }
  }
}
