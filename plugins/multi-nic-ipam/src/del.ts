import type { CmdArgs } from '@plexus/skel';
import { BlockStore } from './alloc/block-store';
import { releaseAttachment } from './alloc/release';
import { readStoreDir } from './config/store-location';
import type { MultiNicDeps } from './deps';

/**
 * createDel builds the DEL handler: release every address (CNI_CONTAINERID, CNI_IFNAME) holds in any block of the
 * network. Idempotent: nothing held is success. It needs neither the host index nor Kubernetes, only where the
 * state lives.
 */
export function createDel(deps: MultiNicDeps): (args: CmdArgs) => Promise<void> {
  return async (args) => {
    const dir = readStoreDir(args.conf);
    const released = await releaseAttachment(new BlockStore(deps.files, dir, args.signal), args.containerId, args.ifName);
    args.log.info('released', { network: args.conf.name, addresses: released.map((r) => r.ip) });
  };
}
