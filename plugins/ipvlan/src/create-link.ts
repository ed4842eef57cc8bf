import { CniCode, CniError } from '@plexus/cni-spec';
import { LinkNotFoundError, NetlinkError, type IpvlanMode, type NetnsScope } from '@plexus/netlink';
import { kernelError } from './errors';
import type { ResolvedMaster } from './select-master';

/** What createIpvlanLink needs. */
export interface CreateLinkOptions {
  master: ResolvedMaster;
  mode: IpvlanMode;
  mtu?: number;
  pod: NetnsScope;
  /** The temporary name; the caller renames the link to CNI_IFNAME once it is in the pod. */
  tempName: string;
}

/**
 * createIpvlanLink creates the ipvlan on the master, under a temporary name, straight into the pod netns.
 *
 * One `ip link add … netns POD` does "create in the host netns, then move" as a single netlink request: the kernel
 * resolves the master in the caller's netns and registers the new link in the pod. Nothing is ever left in the
 * host netns if we die half-way, and it costs one process instead of two. The temporary name is needed because
 * older kernels checked the name against the host's links too (the reference plugin's "kernel bug" comment), and
 * CNI_IFNAME (often eth0) usually exists on the host. With linkInContainer the master is in the pod already and
 * the link is created there directly.
 */
export async function createIpvlanLink(o: CreateLinkOptions): Promise<void> {
  try {
    // From the master's netns into the pod's (the same netns with linkInContainer: no move).
    await o.master.netns.addIpvlan({ name: o.tempName, master: o.master.name, mode: o.mode, mtu: o.mtu, into: o.pod });
  } catch (e) {
    if (e instanceof LinkNotFoundError && e.link === o.master.name) {
      // It was there a moment ago: a NIC being renamed or hot-unplugged. Worth a retry by the runtime.
      throw new CniError(CniCode.TryAgainLater, `master "${o.master.name}" disappeared`, e.message);
    }
    if (e instanceof NetlinkError && e.kind === 'exists') {
      throw new CniError(CniCode.TryAgainLater, `temporary link name "${o.tempName}" is taken`, e.message);
    }
    throw kernelError(e, `create an ipvlan link on master "${o.master.name}"`);
  }
}
