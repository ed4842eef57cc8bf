import { containsIp, parseCidr } from '@plexus/ip';
import type { HostNic } from './select-pool-nics';

/**
 * restrictToIpamPool keeps the host NICs the network's IPAM can allocate for (pure), in the IPAM's pool order:
 * with `ipam.masters` (NIC names) those names; with `ipam.masterNets` (subnets) the NICs holding an address in one
 * of them. An IPAM without either keeps the host pool as it is. This way "every pool NIC" never hands the IPAM a
 * NIC it would refuse.
 */
export function restrictToIpamPool(pool: readonly HostNic[], ipam: Record<string, unknown>): HostNic[] {
  const names = stringList(ipam.masters);
  if (names) return names.flatMap((n) => pool.filter((nic) => nic.name === n));
  const nets = stringList(ipam.masterNets);
  if (nets) {
    const out: HostNic[] = [];
    for (const net of nets) {
      const n = parseCidr(net);
      const nic = n && pool.find((p) => !out.includes(p) && p.addresses.some((a) => inNet(n, a)));
      if (nic) out.push(nic);
    }
    return out;
  }
  return [...pool];
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

function inNet(net: NonNullable<ReturnType<typeof parseCidr>>, address: string): boolean {
  const a = parseCidr(address);
  return a !== undefined && containsIp(net, a);
}
