import type { FileStore } from '@plexus/store';
import { corruptStore, storeIo } from '../errors/errors';

/** How long an operation may wait for one of a network's store locks (allocation, host-index claim). */
export const LOCK_TIMEOUT_MS = 60_000;

// The plugin's small JSON store files (block state, host-index cache, L3 state) share one format and one failure
// policy: a file-system failure is code 5, a file that is not JSON is CorruptStore and is never reset silently.

/** parseStoreJson parses a store file's text; text that is not JSON is a CorruptStore error naming the file. */
export function parseStoreJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw corruptStore(path, `not JSON (${(e as Error).message})`);
  }
}

/** readStoreJson reads and parses a store file; undefined when it does not exist. */
export async function readStoreJson(files: FileStore, path: string): Promise<unknown> {
  const text = await storeIo(path, 'read', () => files.read(path));
  return text === undefined ? undefined : parseStoreJson(text, path);
}

/** serializeStoreJson renders a store file: indented so it reads by hand, newline-terminated. */
export function serializeStoreJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** writeStoreJson replaces a store file atomically with `value` as JSON. */
export async function writeStoreJson(files: FileStore, path: string, value: unknown): Promise<void> {
  await storeIo(path, 'write', () => files.writeAtomic(path, serializeStoreJson(value)));
}
