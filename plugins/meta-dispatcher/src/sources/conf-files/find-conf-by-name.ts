import { join } from 'node:path';
import type { FileStore } from '@plexus/store';
import type { Logger } from '@plexus/log';
import type { ConfList } from '../../config/conf-list';
import type { ErrorSubject } from '../../errors/dispatcher-errors';
import { isConfFileName } from './conf-file-names';
import { parseConfText } from '../../config/parse-conf-text';
import { listDirectory, readTextFile } from './read-text-file';
import { FieldProblem } from '@plexus/json-fields';

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
  for await (const found of scanParsableConfs(files, dir, log, s)) {
    if (found.confList.name === name) return found;
  }
  return undefined;
}

/** firstConfIn returns the alphabetically first parsable conf of a directory (Multus' clusterNetwork-as-directory rule). */
export async function firstConfIn(files: FileStore, dir: string, log: Logger, s: ErrorSubject): Promise<FoundConf | undefined> {
  for await (const found of scanParsableConfs(files, dir, log, s)) return found;
  return undefined;
}

/**
 * indexConfsByName reads every conf of a directory once and maps `name` → conf (the first file in name order wins
 * a duplicate name, as findConfByName would pick it). Unparsable files are skipped with a warning.
 */
export async function indexConfsByName(files: FileStore, dir: string, log: Logger, s: ErrorSubject): Promise<Map<string, FoundConf>> {
  const out = new Map<string, FoundConf>();
  for await (const found of scanParsableConfs(files, dir, log, s)) {
    if (!out.has(found.confList.name)) out.set(found.confList.name, found);
  }
  return out;
}

/**
 * scanParsableConfs yields the conf files of `dir` in name order, parsed, skipping with a warning those that do not
 * parse. Lazily: a caller that returns early (the first match) reads no further file.
 */
async function* scanParsableConfs(files: FileStore, dir: string, log: Logger, s: ErrorSubject): AsyncGenerator<FoundConf> {
  for (const entry of (await listDirectory(files, dir, s)).filter(isConfFileName)) {
    const path = join(dir, entry);
    const read = await readTextFile(files, path, s);
    if (read.kind !== 'file') continue;
    let confList: ConfList;
    try {
      confList = parseConfText(read.text);
    } catch (e) {
      // The log keeps its `<field>: <problem>` wording; a FieldProblem's message says `invalid <field>: <problem>`.
      log.warn('skipping unparsable network conf', { path, error: e instanceof FieldProblem ? `${e.field}: ${e.problem}` : (e as Error).message });
      continue;
    }
    yield { path, confList };
  }
}
