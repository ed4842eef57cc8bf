import type { CniInterface } from '@plexus/cni-spec';
import type { IpvlanMode, LinkInfo } from '@plexus/netlink';
import { checkMismatch } from './errors';
import type { ResolvedMaster } from './select-master';

/** What the link in the pod must look like. */
export interface ExpectedLink {
  iface: CniInterface;
  mode: IpvlanMode;
  mtu?: number;
  /** The master when it can be known (undefined: chained without master, where prevResult no longer names it). */
  master?: ResolvedMaster;
}

/** checkLink compares the pod's link with the expectation (pure; code 102 naming the property). */
export function checkLink(link: LinkInfo, want: ExpectedLink): void {
  const name = want.iface.name;
  if (link.kind !== 'ipvlan') throw checkMismatch('link type', `interface "${name}" is ${link.kind ? `a ${link.kind}` : 'not an ipvlan'} link, not ipvlan`);
  if (link.ipvlanMode !== want.mode) throw checkMismatch('ipvlan mode', `interface "${name}" is in mode ${link.ipvlanMode ?? 'unknown'}, config says ${want.mode}`);
  if (want.iface.mac && link.mac?.toLowerCase() !== want.iface.mac.toLowerCase()) {
    throw checkMismatch('mac', `interface "${name}" has MAC ${link.mac ?? 'none'}, prevResult says ${want.iface.mac}`);
  }
  if (want.mtu !== undefined && link.mtu !== want.mtu) throw checkMismatch('mtu', `interface "${name}" has MTU ${link.mtu}, config says ${want.mtu}`);
  if (link.parentIndex === undefined) throw checkMismatch('master', `interface "${name}" has no master`);
  if (want.master && link.parentIndex !== want.master.link.index) {
    throw checkMismatch('master', `interface "${name}" sits on ifindex ${link.parentIndex}, not on master "${want.master.name}" (ifindex ${want.master.link.index})`);
  }
}
