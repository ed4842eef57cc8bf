import { MemoryFileStore } from '@plexus/store/testing';
import type { InstallerFs } from './installer-fs';

/** MemoryInstallerFs is an in-memory InstallerFs for unit tests (text content; modes are recorded). */
export class MemoryInstallerFs extends MemoryFileStore implements InstallerFs {
  async readBytes(path: string): Promise<Buffer | undefined> {
    const f = this.files.get(path);
    return f === undefined ? undefined : Buffer.from(f.data);
  }

  async readHead(path: string, bytes: number): Promise<Buffer | undefined> {
    return (await this.readBytes(path))?.subarray(0, bytes);
  }
}
