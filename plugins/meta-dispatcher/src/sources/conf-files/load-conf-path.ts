import type { FileStore } from '@plexus/store';
import type { Logger } from '@plexus/log';
import { invalidRequest, networkNotFound, type ErrorSubject } from '../../errors/dispatcher-errors';
import { firstConfIn, type FoundConf } from './find-conf-by-name';
import { parseConfText } from '../../config/parse-conf-text';
import { readTextFile } from './read-text-file';
import { FieldProblem } from '@plexus/json-fields';

/**
 * loadConfPath loads a conf named by an absolute path. A file must parse (code 7 naming the path and the field in
 * it); a directory gives its alphabetically first conf (Multus); nothing there is code 110 naming `field`.
 */
export async function loadConfPath(files: FileStore, path: string, field: string, log: Logger, s: ErrorSubject): Promise<FoundConf> {
  const read = await readTextFile(files, path, s);
  if (read.kind === 'file') return { path, confList: parseConfFile(read.text, path, s) };
  // MemoryFileStore reads a directory as missing; NodeFileStore throws EISDIR. Both end up listing it.
  const first = await firstConfIn(files, path, log, s);
  if (first) return first;
  throw networkNotFound(s, field, read.kind === 'directory' ? `directory ${path} holds no parsable .conf/.conflist/.json` : `${path} does not exist`);
}

/** parseConfFile parses a conf file's text, turning a FieldProblem into code 7 naming the path and field. */
export function parseConfFile(text: string, path: string, s: ErrorSubject): FoundConf['confList'] {
  try {
    return parseConfText(text);
  } catch (e) {
    if (e instanceof FieldProblem) throw invalidRequest(s, `${path}: ${e.field}`, e.problem);
    throw e;
  }
}
