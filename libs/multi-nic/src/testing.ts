import type { HostIndexClaimObject } from './host-index/kube-host-index-store';

/** The example network the specs of multi-nic-ipam and plexus-node share: two masters, /16 carved 2 + 6 bits. */
export const EXAMPLE_NETWORK = 'storage-net';

/** exampleIpam is that network's `ipam` section (what a NAD or conf file carries), with overrides. */
export function exampleIpam(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'multi-nic-ipam', subnet: '192.168.0.0/16', interfaceBlock: 2, hostBlock: 6, masters: ['eth1', 'eth2'], dataDir: '/data', ...over };
}

/** peerClaim is another host's claim on the example network: its index and the host IPs of eth1 and eth2. */
export function peerClaim(node: string, hostIndex: number, ips: [string, string]): HostIndexClaimObject {
  return {
    metadata: { name: `${EXAMPLE_NETWORK}.${hostIndex}`, labels: { 'multinic.plexus.io/network': EXAMPLE_NETWORK } },
    spec: {
      network: EXAMPLE_NETWORK,
      hostIndex,
      nodeName: node,
      interfaces: [
        { interfaceIndex: 0, master: 'eth1', hostIP: ips[0], podCIDR: `192.168.${hostIndex}.0/24` },
        { interfaceIndex: 1, master: 'eth2', hostIP: ips[1], podCIDR: `192.168.${64 + hostIndex}.0/24` },
      ],
    },
  };
}
