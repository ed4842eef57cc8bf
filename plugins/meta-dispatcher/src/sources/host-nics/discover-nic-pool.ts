import type { Netlink } from '@plexus/netlink';
import type { MultiNicOptions } from '../../config/dispatcher-config';
import { selectPoolNics, type HostNic } from '../../plan/multi-nic/select-pool-nics';

/**
 * discoverNicPool reads the host's links, addresses and IPv4 routes (three iproute2 listings in the dispatcher's
 * own netns, the host's) and picks the pool NICs. Read-only: it runs while planning, before the checkpoint.
 */
export async function discoverNicPool(netlink: Pick<Netlink, 'host'>, opts: MultiNicOptions): Promise<HostNic[]> {
  const host = netlink.host();
  const [links, addrs, routes] = await Promise.all([host.listLinks(), host.listAddrs(), host.listRoutes(4)]);
  return selectPoolNics({ links, addrs, routes }, opts);
}
