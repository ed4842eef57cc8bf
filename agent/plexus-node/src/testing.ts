import { MemoryInstallerFs } from '@plexus/installer/testing';
import type { AgentFs } from './agent-fs';

/** MemoryAgentFs is an in-memory AgentFs: a directory exists when created with mkdirp or holding a file. */
export class MemoryAgentFs extends MemoryInstallerFs implements AgentFs {
  readonly createdDirs = new Set<string>();

  async isDirectory(path: string): Promise<boolean> {
    return this.createdDirs.has(path) || [...this.files.keys()].some((f) => f.startsWith(`${path}/`));
  }

  override async mkdirp(dir: string): Promise<void> {
    await super.mkdirp(dir);
    this.createdDirs.add(dir);
  }
}
