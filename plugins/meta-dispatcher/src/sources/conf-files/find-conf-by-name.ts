import { join } from 'node:path';
import type { FileStore } from '@plexus/store';
import type { Logger } from '@plexus/log';
import type { ConfList } from '../../plan/network-request';
import type { ErrorSubject } from '../errors';
import { isConfFileName } from './conf-file-names';
import { parseConfText } from './parse-conf-text';
import { listDirectory, readTextFile } from './read-text-file';

/** A conf found on disk. */
export interface FoundConf {
  path: string;
  confList: ConfList;
}

/**
 * findConfByName scans `dir` for `*.conf`/`*.json`/`*.conflist` in name order and returns the first whose `name`
 * equals `name` (the file name does not matter, as in Multus' NAD-less lookup and Dockin's `type` lookup).
 * Unparsable files are skipped with a warning: one broken file must not take every network down.
 */
export async function findConfByName(files: FileStore, dir: string, name: string, log: Logger, s: ErrorSubject): Promise<FoundConf | undefined> {
  for (const entry of (await listDirectory(files, dir, s)).filter(isConfFileName)) {
    const path = join(dir, entry);
    const read = await readTextFile(files, path, s);
    if (read.kind !== 'file') continue;
    try {
      const confList = parseConfText(read.text);
      if (confList.name === name) return { path, confList };
    } catch (e) {
      log.warn('skipping unparsable network conf', { path, error: (e as Error).message });
    }
  }
  return undefined;
}

/** firstConfIn returns the alphabetically first parsable conf of a directory (Multus' clusterNetwork-as-directory rule). */
export async function firstConfIn(files: FileStore, dir: string, log: Logger, s: ErrorSubject): Promise<FoundConf | undefined> {
  for (const entry of (await listDirectory(files, dir, s)).filter(isConfFileName)) {
    const path = join(dir, entry);
    const read = await readTextFile(files, path, s);
    if (read.kind !== 'file') continue;
    try {
      return { path, confList: parseConfText(read.text) };
    } catch (e) {
      log.warn('skipping unparsable network conf', { path, error: (e as Error).message });
    }
  }
  return undefined;
}

/**
 * indexConfsByName reads every conf of a directory once and maps `name` → conf (the first file in name order wins
 * a duplicate name, as findConfByName would pick it). Unparsable files are skipped with a warning.
 */
export async function indexConfsByName(files: FileStore, dir: string, log: Logger, s: ErrorSubject): Promise<Map<string, FoundConf>> {
  const out = new Map<string, FoundConf>();
  for (const entry of (await listDirectory(files, dir, s)).filter(isConfFileName)) {
    const path = join(dir, entry);
    const read = await readTextFile(files, path, s);
    if (read.kind !== 'file') continue;
    try {
      const confList = parseConfText(read.text);
      if (!out.has(confList.name)) out.set(confList.name, { path, confList });
    } catch (e) {
      log.warn('skipping unparsable network conf', { path, error: (e as Error).message });
    }
  }
  return out;
}
