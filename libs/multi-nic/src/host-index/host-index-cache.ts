import type { FileStore } from '@plexus/store';
import { isJsonObject } from '@plexus/json-fields';
import { join } from 'node:path';
import { corruptStore } from '../errors/errors';
import { readStoreJson, writeStoreJson } from '../store/store-json';

/** The local copy of this host's claim, so the common ADD needs no API call. */
export interface CachedHostIndex {
  version: 1;
  network: string;
  nodeName: string;
  hostIndex: number;
  /** When the claim was read from Kubernetes (RFC 3339). */
  claimedAt: string;
}

/** hostIndexCachePath is `<dataDir>/<network>/host-index.json`. */
export function hostIndexCachePath(dir: string): string {
  return join(dir, 'host-index.json');
}

/**
 * readHostIndexCache returns the cached index when it was claimed for this node (a renamed host claims anew), or
 * undefined when there is none. A file that cannot be read back is a CorruptStore error: guessing an index could
 * hand this host another host's block.
 */
export async function readHostIndexCache(files: FileStore, dir: string, nodeName: string): Promise<CachedHostIndex | undefined> {
  const path = hostIndexCachePath(dir);
  const raw = await readStoreJson(files, path);
  if (raw === undefined) return undefined;
  if (!isJsonObject(raw) || raw.version !== 1 || typeof raw.nodeName !== 'string' || !Number.isInteger(raw.hostIndex) || (raw.hostIndex as number) < 0) {
    throw corruptStore(path, 'expected {"version":1,"nodeName":…,"hostIndex":…}');
  }
  return raw.nodeName === nodeName ? (raw as unknown as CachedHostIndex) : undefined;
}

/** writeHostIndexCache records the claimed index atomically. */
export async function writeHostIndexCache(files: FileStore, dir: string, entry: CachedHostIndex): Promise<void> {
  await writeStoreJson(files, hostIndexCachePath(dir), entry);
}
