import { isCniError } from '@plexus/cni-spec';
import type { CmdArgs } from '@plexus/skel';
import { BlockStore } from './alloc/block-store';
import { blockingDel, releaseAttachment } from './alloc/release';
import { readStoreDir } from '@plexus/multi-nic';
import type { MultiNicDeps } from './deps';

/**
 * createDel builds the DEL handler: release every address (CNI_CONTAINERID, CNI_IFNAME) holds in any block of the
 * network. Idempotent: nothing held is success. It needs neither the host index nor Kubernetes, only where the
 * state lives; a `dataDir` ADD would refuse (relative, not a string) means ADD allocated nothing, so there is
 * nothing to release. A corrupt block file fails only the DELs of the pods it mentions (see blockingDel).
 */
export function createDel(deps: MultiNicDeps): (args: CmdArgs) => Promise<void> {
  return async (args) => {
    let dir: string;
    try {
      dir = readStoreDir(args.conf);
    } catch (e) {
      if (!isCniError(e)) throw e;
      args.log.warn('nothing to release: ADD refuses this configuration', { network: args.conf.name, error: `${e.msg}: ${e.details ?? ''}` });
      return;
    }
    const { released, unreadable } = await releaseAttachment(new BlockStore(deps.files, dir, args.signal), args.containerId, args.ifName);
    args.log.info('released', { network: args.conf.name, addresses: released.map((r) => r.ip) });
    for (const u of unreadable) args.log.warn('corrupt block file skipped', { file: u.path });
    const blocking = blockingDel(unreadable, args.containerId);
    if (blocking) throw blocking.error;
  };
}
