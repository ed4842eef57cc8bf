import { isNotFound, type NetnsScope } from '@plexus/netlink';

/**
 * deleteOwnLink removes the link ADD created, under whichever name it has. The rename to CNI_IFNAME is the only
 * way the temporary name goes away, and it fails when CNI_IFNAME is taken, so CNI_IFNAME is only deleted once
 * the temporary name is gone: an interface that was there before us is never touched.
 */
export async function deleteOwnLink(pod: NetnsScope, tempName: string, ifName: string): Promise<void> {
  try {
    await pod.deleteLink(tempName);
    return;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  try {
    await pod.deleteLink(ifName);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}
