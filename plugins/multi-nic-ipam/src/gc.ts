import { readValidAttachments, type CmdArgs } from '@plexus/skel';
import { BlockStore } from './alloc/block-store';
import { releaseInvalid, throwIfUnreadable } from './alloc/release';
import { readStoreDir } from '@plexus/multi-nic';
import type { MultiNicDeps } from './deps';

/**
 * createGc builds the GC handler (CNI 1.1): release every allocation whose attachment is not in
 * `cni.dev/valid-attachments`, in every readable block; corrupt block files are reported afterwards (102 naming
 * them all), as the spec asks GC to go on past errors.
 */
export function createGc(deps: MultiNicDeps): (args: CmdArgs) => Promise<void> {
  return async (args) => {
    const valid = readValidAttachments(args.conf);
    const { released, unreadable } = await releaseInvalid(new BlockStore(deps.files, readStoreDir(args.conf)), valid);
    if (released.length) {
      const list = released.map((r) => ({ ip: r.ip, containerId: r.containerId, ifName: r.ifName }));
      args.log.info('garbage-collected', { network: args.conf.name, released: list });
    }
    throwIfUnreadable(unreadable, `released ${released.length} address(es) from the other block files`);
  };
}
