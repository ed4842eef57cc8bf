import { CniError } from '@plexus/cni-spec';
import { basename, dirname } from 'node:path';
import type { FileStore } from './file-store';

/** MemoryFileStore is an in-memory FileStore; locks serialize within the process. Inject `failWrites` to test I/O errors. */
export class MemoryFileStore implements FileStore {
  readonly files = new Map<string, { data: string; mode: number }>();
  private readonly dirs = new Set<string>();
  private readonly locks = new Map<string, Promise<void>>();
  failWrites: ((path: string) => boolean) | undefined;

  async read(path: string): Promise<string | undefined> {
    return this.files.get(path)?.data;
  }

  async writeAtomic(path: string, data: string | Buffer, mode = 0o600): Promise<void> {
    if (this.failWrites?.(path)) throw Object.assign(new Error(`EIO: write ${path}`), { code: 'EIO' });
    this.dirs.add(dirname(path));
    this.files.set(path, { data: data.toString(), mode });
  }

  async remove(path: string): Promise<void> {
    this.files.delete(path);
  }

  async list(dir: string): Promise<string[]> {
    return [...this.files.keys()].filter((p) => dirname(p) === dir).map((p) => basename(p)).sort();
  }

  async mkdirp(dir: string): Promise<void> {
    this.dirs.add(dir);
  }

  async withLock<T>(lockPath: string, fn: () => Promise<T>, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<T> {
    const prev = this.locks.get(lockPath) ?? Promise.resolve();
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    this.locks.set(lockPath, prev.then(() => next));
    try {
      await waitUnlessAborted(prev, opts.signal);
    } catch (e) {
      // Our turn still comes after prev; hand it straight on.
      void prev.then(release);
      throw e;
    }
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** waitUnlessAborted waits for `p`, or rejects (code 11) when `signal` aborts first, as NodeFileStore's lock wait. */
function waitUnlessAborted(p: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!signal) return p;
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(new CniError(11, 'lock wait aborted', 'the caller gave up while this waited'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void p.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
