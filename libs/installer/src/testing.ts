import { dirname } from 'node:path';
import { MemoryFileStore } from '@plexus/store/testing';
import type { InstallerFs } from './installer-fs';

/** MemoryInstallerFs is an in-memory InstallerFs for unit tests (text content; modes are recorded). */
export class MemoryInstallerFs extends MemoryFileStore implements InstallerFs {
  /** Directories created explicitly (a directory also exists when a file is in it). */
  readonly madeDirs = new Set<string>();
  /** Directories this "process" may not write to (a non-root user in front of /opt/cni/bin). */
  readonly readOnly = new Set<string>();

  override async mkdirp(dir: string): Promise<void> {
    await super.mkdirp(dir);
    for (let d = dir; d !== dirname(d); d = dirname(d)) this.madeDirs.add(d);
  }

  async dirState(path: string): Promise<'dir' | 'absent' | 'not-dir'> {
    if (this.files.has(path)) return 'not-dir';
    if (this.madeDirs.has(path) || [...this.files.keys()].some((f) => f.startsWith(`${path}/`))) return 'dir';
    return 'absent';
  }

  async canWrite(dir: string): Promise<boolean> {
    return !this.readOnly.has(dir);
  }

  async readBytes(path: string): Promise<Buffer | undefined> {
    const f = this.files.get(path);
    return f === undefined ? undefined : Buffer.from(f.data);
  }

  async readHead(path: string, bytes: number): Promise<Buffer | undefined> {
    return (await this.readBytes(path))?.subarray(0, bytes);
  }
}
