import { netnsCniError, type Netlink } from '@plexus/netlink';

/** checkPodNetns fails with code 4 naming CNI_NETNS when the path is missing or not a network namespace. */
export async function checkPodNetns(netlink: Netlink, netns: string): Promise<void> {
  try {
    await netlink.checkNetns(netns);
  } catch (e) {
    throw netnsCniError(e) ?? e;
  }
}
