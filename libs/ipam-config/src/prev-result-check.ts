import type { Result } from '@plexus/cni-spec';
import type { IpamAddress } from './address';
import { parseGoCidr, parseGoIp } from '@plexus/ip';

/**
 * findPrevResultMismatches lists, in words, every expected address that `prevResult` lacks (same address and
 * prefix) or carries with another gateway. An expected address without a gateway accepts any gateway, because the
 * interface plugin may fill one in (bridge's isDefaultGateway does). Empty means prevResult holds the answer.
 */
export function findPrevResultMismatches(prev: Result, expected: readonly IpamAddress[]): string[] {
  const problems: string[] = [];
  const ips = (prev.ips ?? []).map((ip) => ({ address: parseGoCidr(ip.address)?.text ?? ip.address, gateway: ip.gateway ? (parseGoIp(ip.gateway)?.ip ?? ip.gateway) : undefined }));
  for (const want of expected) {
    const found = ips.find((ip) => ip.address === want.address);
    if (!found) {
      problems.push(`address ${want.address} (${want.field}) is missing from prevResult`);
    } else if (want.gateway && found.gateway !== want.gateway) {
      problems.push(`address ${want.address} has gateway ${found.gateway ?? '(none)'} in prevResult, configured ${want.gateway}`);
    }
  }
  return problems;
}
