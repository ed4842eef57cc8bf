import type { CniError } from '@plexus/cni-spec';
import type { Checkpoint } from './checkpoint';
import type { CheckpointStore } from './checkpoint-store';

/** Every checkpoint that could be read, and the errors of those that could not. */
export interface AllCheckpoints {
  checkpoints: Checkpoint[];
  unreadable: CniError[];
}

/** readAllCheckpoints reads every checkpoint of the cache dir, collecting unreadable ones instead of stopping. */
export async function readAllCheckpoints(store: CheckpointStore): Promise<AllCheckpoints> {
  const out: AllCheckpoints = { checkpoints: [], unreadable: [] };
  for (const id of await store.listContainerIds()) {
    try {
      const cp = await store.read(id);
      if (cp) out.checkpoints.push(cp);
    } catch (e) {
      out.unreadable.push(e as CniError);
    }
  }
  return out;
}
