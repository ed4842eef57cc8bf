import type { CniError } from '@plexus/cni-spec';
import type { Checkpoint } from './checkpoint-types';
import type { CheckpointStore } from './checkpoint-store';

/** Every checkpoint that could be read, and the errors (code 102, naming the file) of those that could not. */
export interface AllCheckpoints {
  checkpoints: Checkpoint[];
  unreadable: CniError[];
}

/** readAllCheckpoints reads every checkpoint of the cache dir, collecting unreadable ones instead of stopping. */
export async function readAllCheckpoints(store: CheckpointStore): Promise<AllCheckpoints> {
  const out: AllCheckpoints = { checkpoints: [], unreadable: [] };
  for (const entry of await store.readEntries()) {
    if ('checkpoint' in entry) out.checkpoints.push(entry.checkpoint);
    else out.unreadable.push(entry.error);
  }
  return out;
}
