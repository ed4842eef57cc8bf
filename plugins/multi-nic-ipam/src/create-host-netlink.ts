import { SpawnRunner } from '@plexus/exec';
import { IpRoute2Netlink, type NetnsScope } from '@plexus/netlink';

/** createHostNetlink is the real kernel gate for the plugin's own netns (the host's): iproute2 run through SpawnRunner. */
export function createHostNetlink(): NetnsScope {
  return new IpRoute2Netlink(new SpawnRunner()).host();
}
