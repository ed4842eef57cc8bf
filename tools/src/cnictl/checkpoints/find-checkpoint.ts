import { basename } from 'node:path';
import type { CheckpointEntry, CheckpointStore } from '@plexus/checkpoint';
import { CnictlError } from '../errors';

/** DEFAULT_CHECKPOINT_DIR is the meta-dispatcher's default `cacheDir`. */
export const DEFAULT_CHECKPOINT_DIR = '/var/lib/cni/plexus/meta-dispatcher';

/**
 * findCheckpoint finds one checkpoint file by container id, or by file name (`<id>.json`, `_sha256-<hex>.json`:
 * the only handle on a file too damaged to name its container). Unreadable files are returned too, with their
 * error: show and purge decide what to do with them.
 */
export async function findCheckpoint(store: CheckpointStore, target: string): Promise<CheckpointEntry> {
  const entries = await store.readEntries();
  const byFile = target.endsWith('.json') ? entries.find((e) => basename(e.path) === target) : undefined;
  const found = byFile ?? entries.find((e) => ('checkpoint' in e ? e.checkpoint.containerId === target : false));
  if (found) return found;
  // An id whose file cannot be read has no id inside: find it by the name the id maps to.
  if (!target.endsWith('.json')) {
    const path = pathOrUndefined(store, target);
    const damaged = path ? entries.find((e) => e.path === path) : undefined;
    if (damaged) return damaged;
  }
  throw new CnictlError(`no checkpoint "${target}" in ${store.cacheDir}`);
}

function pathOrUndefined(store: CheckpointStore, id: string): string | undefined {
  try {
    return store.pathFor(id);
  } catch {
    return undefined;
  }
}
