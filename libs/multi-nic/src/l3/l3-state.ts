import { isJsonObject } from '@plexus/json-fields';
import type { FileStore } from '@plexus/store';
import { join } from 'node:path';
import { corruptStore } from '../errors/errors';
import { readStoreJson, writeStoreJson } from '../store/store-json';

/** What a host remembers about its L3 routing for a network. */
export interface L3State {
  version: 1;
  /** The routing table id in use (kept so the table does not move between syncs). */
  table: number;
  /** When routes were last synced from the claims (RFC 3339). */
  lastSyncAt: string;
}

/** l3StatePath is `<dataDir>/<network>/l3.json`. */
export function l3StatePath(dir: string): string {
  return join(dir, 'l3.json');
}

/** readL3State returns the state, undefined before the first sync; an unreadable file is CorruptStore. */
export async function readL3State(files: FileStore, dir: string): Promise<L3State | undefined> {
  const path = l3StatePath(dir);
  const raw = await readStoreJson(files, path);
  if (raw === undefined) return undefined;
  if (!isJsonObject(raw) || raw.version !== 1 || !Number.isInteger(raw.table) || typeof raw.lastSyncAt !== 'string' || Number.isNaN(Date.parse(raw.lastSyncAt))) {
    throw corruptStore(path, 'expected {"version":1,"table":…,"lastSyncAt":…}');
  }
  return raw as unknown as L3State;
}

/** writeL3State records the table and sync time atomically. */
export async function writeL3State(files: FileStore, dir: string, state: L3State): Promise<void> {
  await writeStoreJson(files, l3StatePath(dir), state);
}

/** isSyncDue tells whether routes should be synced again (never synced, or older than the interval). */
export function isSyncDue(state: L3State | undefined, now: Date, intervalMs: number): boolean {
  return !state || now.getTime() - Date.parse(state.lastSyncAt) >= intervalMs;
}
