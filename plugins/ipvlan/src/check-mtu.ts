import { invalidConfig } from '@plexus/cni-spec';
import type { ResolvedMaster } from './select-master';

/**
 * checkMtu refuses an MTU above the master's (code 7 naming `mtu`): every ipvlan frame leaves through the master,
 * which would drop or fragment it. The kernel does not always refuse this itself (a dummy master has no maximum).
 */
export function checkMtu(mtu: number | undefined, master: ResolvedMaster): void {
  if (mtu !== undefined && mtu > master.link.mtu) {
    throw invalidConfig('mtu', `${mtu} is larger than the MTU ${master.link.mtu} of master "${master.name}"`);
  }
}
