/**
 * FileStore is the file-system side effect every stateful part of Plexus uses (IPAM stores, checkpoints, result
 * caches, the installer). Paths are absolute.
 */
export interface FileStore {
  /** read returns the file's text, or undefined when it does not exist. */
  read(path: string): Promise<string | undefined>;
  /** writeAtomic replaces a file so a reader (or a crash) only ever sees the old or the new content. */
  writeAtomic(path: string, data: string | Buffer, mode?: number): Promise<void>;
  /** remove deletes a file; absent is fine (idempotent). */
  remove(path: string): Promise<void>;
  /** list returns the entry names of a directory ([] when it does not exist). */
  list(dir: string): Promise<string[]>;
  /** mkdirp creates a directory and its parents. */
  mkdirp(dir: string, mode?: number): Promise<void>;
  /**
   * withLock runs `fn` holding an exclusive lock named by `lockPath`, across processes. A lock left by a process
   * that died (kill -9) is taken over; waiting longer than the timeout gives a code-11 CniError, and so does
   * `signal` aborting while waiting (a caller that gave up: nothing must happen under the lock any more).
   */
  withLock<T>(lockPath: string, fn: () => Promise<T>, opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<T>;
}
