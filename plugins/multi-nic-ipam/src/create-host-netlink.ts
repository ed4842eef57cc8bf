import { SpawnRunner } from '@plexus/exec';
import { IpRoute2Netlink, type Netlink } from '@plexus/netlink';

/** createHostNetlink is the real kernel gate for the plugin's own netns: iproute2 run through SpawnRunner. */
export function createHostNetlink(): Netlink {
  return new IpRoute2Netlink(new SpawnRunner());
}
