import type { Attachment } from '@plexus/skel';
import type { BlockStore } from './block-store';
import type { Allocation } from './block-state';

/** An address given back, for logs. */
export interface ReleasedAddress extends Allocation {
  ip: string;
  block: string;
}

/**
 * releaseWhere drops every allocation `drop` selects from every block file of the network, under the network lock,
 * and rewrites only the files that changed. The next-fit cursor is left alone so the freed address is not the next
 * one handed out.
 */
export async function releaseWhere(store: BlockStore, drop: (a: Allocation) => boolean): Promise<ReleasedAddress[]> {
  return store.withLock(async () => {
    const released: ReleasedAddress[] = [];
    for (const file of await store.list()) {
      const before = released.length;
      for (const [ip, a] of Object.entries(file.state.allocations)) {
        if (!drop(a)) continue;
        delete file.state.allocations[ip];
        released.push({ ...a, ip, block: file.state.block });
      }
      if (released.length > before) await store.save(file);
    }
    return released;
  });
}

/** releaseAttachment is DEL: every address (containerId, ifName) holds; none is fine. */
export function releaseAttachment(store: BlockStore, containerId: string, ifName: string): Promise<ReleasedAddress[]> {
  return releaseWhere(store, (a) => a.containerId === containerId && a.ifName === ifName);
}

/** releaseInvalid is GC: every address whose attachment is not in the runtime's valid list. */
export function releaseInvalid(store: BlockStore, valid: readonly Attachment[]): Promise<ReleasedAddress[]> {
  const keep = new Set(valid.map((v) => `${v.containerID}\u0000${v.ifname}`));
  return releaseWhere(store, (a) => !keep.has(`${a.containerId}\u0000${a.ifName}`));
}
