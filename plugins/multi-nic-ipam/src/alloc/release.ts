import { CniError } from '@plexus/cni-spec';
import type { Attachment } from '@plexus/skel';
import { MultiNicIpamCode } from '@plexus/multi-nic';
import type { BlockStore, UnreadableBlock } from './block-store';
import type { Allocation } from './block-state';

/** An address given back, for logs. */
export interface ReleasedAddress extends Allocation {
  ip: string;
  block: string;
}

/** What a release did: the addresses freed, and the corrupt block files it could not look into. */
export interface ReleaseOutcome {
  released: ReleasedAddress[];
  unreadable: UnreadableBlock[];
}

/**
 * releaseWhere drops every allocation `drop` selects from every readable block file of the network, under the
 * network lock, and rewrites only the files that changed. Corrupt files are skipped (and returned), so one of them
 * does not stop the others. The next-fit cursor is left alone so the freed address is not the next one handed out.
 */
export async function releaseWhere(store: BlockStore, drop: (a: Allocation) => boolean): Promise<ReleaseOutcome> {
  // Without a block file (or a killed ADD's leftovers) nothing was ever allocated: no lock (it would create the
  // directory) and no change.
  if (!(await store.hasAllocationState())) return { released: [], unreadable: [] };
  return store.withLock(async () => {
    const released: ReleasedAddress[] = [];
    const { files, unreadable } = await store.list();
    for (const file of files) {
      const before = released.length;
      for (const [ip, a] of Object.entries(file.state.allocations)) {
        if (!drop(a)) continue;
        delete file.state.allocations[ip];
        released.push({ ...a, ip, block: file.state.block });
      }
      if (released.length > before) await store.save(file);
    }
    return { released, unreadable };
  });
}

/** releaseAttachment is DEL: every address (containerId, ifName) holds in a readable block; none is fine. */
export function releaseAttachment(store: BlockStore, containerId: string, ifName: string): Promise<ReleaseOutcome> {
  return releaseWhere(store, (a) => a.containerId === containerId && a.ifName === ifName);
}

/**
 * blockingDel is the corrupt block file a DEL must fail on (102 naming it): one whose text holds the attachment's
 * container id, where it may hold an address that cannot be released until the file is repaired. A file that does
 * not mention it cannot hold its address, so every other pod's DEL goes through.
 */
export function blockingDel(unreadable: readonly UnreadableBlock[], containerId: string): UnreadableBlock | undefined {
  return unreadable.find((u) => u.text.includes(JSON.stringify(containerId)));
}

/** releaseInvalid is GC: every address whose attachment is not in the runtime's valid list, in every readable block. */
export function releaseInvalid(store: BlockStore, valid: readonly Attachment[]): Promise<ReleaseOutcome> {
  const keep = new Set(valid.map((v) => `${v.containerID}\u0000${v.ifname}`));
  return releaseWhere(store, (a) => !keep.has(`${a.containerId}\u0000${a.ifName}`));
}

/** throwIfUnreadable reports corrupt block files (code 102): the first one's details, then every other path. */
export function throwIfUnreadable(unreadable: readonly UnreadableBlock[], done: string): void {
  if (!unreadable.length) return;
  const [first, ...rest] = unreadable;
  const more = rest.length ? `; also corrupt: ${rest.map((u) => `"${u.path}"`).join(', ')}` : '';
  throw new CniError(MultiNicIpamCode.CorruptStore, first!.error.msg, `${first!.error.details ?? ''}${more} (${done})`);
}
