import { constants, promises as fsp } from 'node:fs';
import { NodeFileStore, type FileStore } from '@plexus/store';

/**
 * InstallerFs is the file-system side of the installer: the FileStore operations it uses plus reading raw bytes
 * (plugins are hashed byte for byte, and a self-contained binary is not UTF-8).
 */
export interface InstallerFs extends Pick<FileStore, 'read' | 'writeAtomic' | 'remove' | 'list' | 'withLock' | 'mkdirp'> {
  /** dirState tells whether a path is a directory, absent, or something else (a file). */
  dirState(path: string): Promise<'dir' | 'absent' | 'not-dir'>;
  /** canWrite tells whether this process may create and replace files in a directory. */
  canWrite(dir: string): Promise<boolean>;
  /** readBytes returns a file's bytes, or undefined when it does not exist. */
  readBytes(path: string): Promise<Buffer | undefined>;
  /** readHead returns at most the first `bytes` bytes (enough to recognise a bundle without reading a 100 MB binary). */
  readHead(path: string, bytes: number): Promise<Buffer | undefined>;
}

/** NodeInstallerFs is the real InstallerFs: NodeFileStore for atomic writes and locks, node:fs for bytes. */
export class NodeInstallerFs implements InstallerFs {
  private readonly store = new NodeFileStore();

  read(path: string): Promise<string | undefined> {
    return this.store.read(path);
  }

  async readBytes(path: string): Promise<Buffer | undefined> {
    try {
      return await fsp.readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async readHead(path: string, bytes: number): Promise<Buffer | undefined> {
    let fh: fsp.FileHandle | undefined;
    try {
      fh = await fsp.open(path, 'r');
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await fh.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    } finally {
      await fh?.close();
    }
  }

  async writeAtomic(path: string, data: string | Buffer, mode?: number): Promise<void> {
    await this.store.writeAtomic(path, data, mode);
    // The temp file is created with `mode` minus the umask; a restrictive umask (077) must not leave a plugin
    // that the runtime cannot execute.
    if (mode !== undefined && ((await fsp.stat(path)).mode & 0o7777) !== mode) await fsp.chmod(path, mode);
  }

  remove(path: string): Promise<void> {
    return this.store.remove(path);
  }

  async dirState(path: string): Promise<'dir' | 'absent' | 'not-dir'> {
    try {
      return (await fsp.stat(path)).isDirectory() ? 'dir' : 'not-dir';
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
      throw e;
    }
  }

  async canWrite(dir: string): Promise<boolean> {
    try {
      await fsp.access(dir, constants.W_OK | constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }

  mkdirp(dir: string, mode?: number): Promise<void> {
    return this.store.mkdirp(dir, mode);
  }

  list(dir: string): Promise<string[]> {
    return this.store.list(dir);
  }

  withLock<T>(lockPath: string, fn: () => Promise<T>, opts?: { timeoutMs?: number }): Promise<T> {
    return this.store.withLock(lockPath, fn, opts);
  }
}
