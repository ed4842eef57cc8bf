import { invalidConfig, type Result } from '@plexus/cni-spec';
import { canonicalCidr } from '@plexus/ip';

/** The interface route-injector works on and the addresses prevResult gave it. */
export interface PodInterface {
  name: string;
  /** Index in prevResult.interfaces, when listed there. */
  index?: number;
  /** Canonical CIDRs ("10.0.0.5/24": the pod address with its subnet's prefix). */
  addresses: string[];
}

/**
 * findPodInterface picks the interface to add routes to and its addresses:
 * - the name is CNI_IFNAME; without it (a caller that does not set it), the one interface of prevResult that has
 *   a `sandbox`;
 * - its addresses are the prevResult IPs whose `interface` index points at it, plus IPs without an index when it
 *   is the only sandbox interface (IPAM results carry no index). A result older than 0.3.0 has no interface list:
 *   every IP belongs to CNI_IFNAME.
 */
export function findPodInterface(prev: Result, ifName: string): PodInterface {
  const interfaces = prev.interfaces ?? [];
  const sandboxed = interfaces.map((iface, index) => ({ iface, index })).filter((x) => x.iface.sandbox);
  let name = ifName;
  if (!name) {
    if (sandboxed.length !== 1) {
      throw invalidConfig('prevResult.interfaces', `CNI_IFNAME is unset and prevResult has ${sandboxed.length} sandbox interfaces; cannot tell which to route`);
    }
    name = sandboxed[0]!.iface.name;
  }
  const hit = sandboxed.find((x) => x.iface.name === name) ?? interfaces.map((iface, index) => ({ iface, index })).find((x) => x.iface.name === name);
  const onlyOne = sandboxed.length === 0 || (sandboxed.length === 1 && sandboxed[0]!.iface.name === name);
  const addresses = (prev.ips ?? [])
    .map((ip, i) => ({ ip, i }))
    .filter(({ ip }) => (ip.interface === undefined ? onlyOne : hit !== undefined && ip.interface === hit.index))
    .map(({ ip, i }) => {
      // Rules are keyed on these addresses: one that is not a CIDR cannot be routed from (nor removed by).
      const cidr = canonicalCidr(ip.address);
      if (cidr === undefined) throw invalidConfig(`prevResult.ips[${i}].address`, `${JSON.stringify(ip.address)} is not an address in CIDR notation`);
      return cidr;
    });
  const pod: PodInterface = { name, addresses };
  if (hit) pod.index = hit.index;
  return pod;
}
