import { CniError, readPrevResult } from '@plexus/cni-spec';
import { containsIp, parseCidr } from '@plexus/ip';
import type { CmdArgs } from '@plexus/skel';
import { join } from 'node:path';
import type { Allocation } from './alloc/block-state';
import { BlockStore } from './alloc/block-store';
import { parseMultiNicConfig } from './config/parse-config';
import type { MultiNicDeps } from './deps';
import { MultiNicIpamCode } from './errors';

/**
 * createCheck builds the CHECK handler: every prevResult address inside the network's subnet must be held by this
 * attachment (CNI_CONTAINERID, CNI_IFNAME) in the store; without such addresses, the attachment must hold at least
 * one. Addresses of other networks in prevResult (a chained result) are not ours to judge.
 */
export function createCheck(deps: MultiNicDeps): (args: CmdArgs) => Promise<void> {
  return async (args) => {
    const config = parseMultiNicConfig(args.conf);
    const prev = readPrevResult(args.conf);
    const files = await new BlockStore(deps.files, join(config.dataDir, config.network)).list();
    const isMine = (a: Allocation) => a.containerId === args.containerId && a.ifName === args.ifName;
    const held = new Set(files.flatMap((f) => Object.entries(f.state.allocations).filter(([, a]) => isMine(a)).map(([ip]) => ip)));
    const ours = (prev?.ips ?? [])
      .map((ip) => ({ text: ip.address, cidr: parseCidr(ip.address) }))
      .filter((ip) => ip.cidr && containsIp(config.layout.subnet, ip.cidr));
    const who = `container "${args.containerId}" interface "${args.ifName}"`;
    for (const ip of ours) {
      const bare = ip.text.split('/')[0]!;
      if (!held.has(bare)) {
        const details = `prevResult address ${ip.text} is not held by ${who} in network "${config.network}"`;
        throw new CniError(MultiNicIpamCode.AddressNotHeld, 'address not allocated', details);
      }
    }
    if (!ours.length && !held.size) {
      throw new CniError(MultiNicIpamCode.AddressNotHeld, 'no address allocated', `${who} holds no address in network "${config.network}"`);
    }
  };
}
