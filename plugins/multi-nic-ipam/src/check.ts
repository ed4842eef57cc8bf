import { CniCode, CniError, readPrevResult } from '@plexus/cni-spec';
import { containsIp, parseCidr } from '@plexus/ip';
import type { CmdArgs } from '@plexus/skel';
import type { Allocation } from './alloc/block-state';
import { BlockStore } from './alloc/block-store';
import { throwIfUnreadable } from './alloc/release';
import { parseMultiNicConfig, networkDir, MultiNicIpamCode } from '@plexus/multi-nic';
import type { MultiNicDeps } from './deps';

/**
 * createCheck builds the CHECK handler: every prevResult address inside the network's subnet must be held by this
 * attachment (CNI_CONTAINERID, CNI_IFNAME) in the store; without such addresses, the attachment must hold at least
 * one. Addresses of other networks in prevResult (a chained result) are not ours to judge. CHECK without prevResult
 * is code 7 `invalid prevResult`, as in every Plexus plugin (the spec says CHECK gets the ADD result). An address
 * not found while some block file is corrupt is 102 naming the file: it may be held there.
 */
export function createCheck(deps: MultiNicDeps): (args: CmdArgs) => Promise<void> {
  return async (args) => {
    const config = parseMultiNicConfig(args.conf);
    const prev = readPrevResult(args.conf);
    if (!prev) throw new CniError(CniCode.InvalidConfig, 'invalid prevResult', 'missing: CHECK compares the store with the result of ADD');
    const { files, unreadable } = await new BlockStore(deps.files, networkDir(config.dataDir, config.network)).list();
    const isMine = (a: Allocation) => a.containerId === args.containerId && a.ifName === args.ifName;
    const held = new Set(files.flatMap((f) => Object.entries(f.state.allocations).filter(([, a]) => isMine(a)).map(([ip]) => ip)));
    const ours = (prev.ips ?? [])
      .map((ip) => ({ text: ip.address, cidr: parseCidr(ip.address) }))
      .filter((ip) => ip.cidr && containsIp(config.layout.subnet, ip.cidr));
    const who = `container "${args.containerId}" interface "${args.ifName}"`;
    for (const ip of ours) {
      const bare = ip.text.split('/')[0]!;
      if (!held.has(bare)) {
        throwIfUnreadable(unreadable, `${ip.text} was not found in the readable ones`);
        const details = `prevResult address ${ip.text} is not held by ${who} in network "${config.network}"`;
        throw new CniError(MultiNicIpamCode.AddressNotHeld, 'address not allocated', details);
      }
    }
    if (!ours.length && !held.size) {
      throwIfUnreadable(unreadable, `${who} holds no address in the readable ones`);
      throw new CniError(MultiNicIpamCode.AddressNotHeld, 'no address allocated', `${who} holds no address in network "${config.network}"`);
    }
  };
}
