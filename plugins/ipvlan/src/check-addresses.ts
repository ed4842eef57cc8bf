import { canonicalCidr } from '@plexus/ip';
import type { IpConfig } from '@plexus/cni-spec';
import type { AddrInfo } from '@plexus/netlink';
import { checkMismatch } from './errors';

/** checkAddresses requires every expected IP on the interface, prefix included (pure; code 102). */
export function checkAddresses(ifName: string, expected: IpConfig[], actual: AddrInfo[]): void {
  const present = new Set(actual.map((a) => canonicalCidr(a.address)));
  for (const ip of expected) {
    if (!present.has(canonicalCidr(ip.address))) {
      throw checkMismatch('addresses', `address ${ip.address} from prevResult is missing on interface "${ifName}"`);
    }
  }
}
