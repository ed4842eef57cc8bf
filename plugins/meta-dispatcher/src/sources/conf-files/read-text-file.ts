import { CniCode } from '@plexus/cni-spec';
import type { FileStore } from '@plexus/store';
import { dispatcherError, type ErrorSubject } from '../../errors/dispatcher-errors';

/** The outcome of reading a path that may be a file or a directory. */
export type ReadOutcome = { kind: 'file'; text: string } | { kind: 'directory' } | { kind: 'missing' };

/**
 * readTextFile reads a file through the FileStore: absent → `missing`, a directory (EISDIR) → `directory`, other
 * I/O failures (EACCES…) → code 5 naming the path, pod and network.
 */
export async function readTextFile(files: FileStore, path: string, s: ErrorSubject): Promise<ReadOutcome> {
  try {
    const text = await files.read(path);
    return text === undefined ? { kind: 'missing' } : { kind: 'file', text };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') return { kind: 'directory' };
    throw dispatcherError(CniCode.IoFailure, `failed to read ${path}`, s, e instanceof Error ? e.message : String(e));
  }
}

/** listDirectory lists a directory's entries (sorted), mapping I/O failures to code 5 like readTextFile. */
export async function listDirectory(files: FileStore, dir: string, s: ErrorSubject): Promise<string[]> {
  try {
    return [...(await files.list(dir))].sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw dispatcherError(CniCode.IoFailure, `failed to list ${dir}`, s, e instanceof Error ? e.message : String(e));
  }
}
