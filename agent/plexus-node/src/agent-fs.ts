import { promises as fsp } from 'node:fs';
import { NodeInstallerFs, type InstallerFs } from '@plexus/installer';

/** AgentFs is every file access of plexus-node: the installer's plus directory checks. */
export interface AgentFs extends InstallerFs {
  /** isDirectory is true when `path` exists and is a directory (following symlinks). */
  isDirectory(path: string): Promise<boolean>;
  /** mkdirp creates a directory and its parents with `mode`. */
  mkdirp(dir: string, mode?: number): Promise<void>;
}

/** NodeAgentFs is the real file system. */
export class NodeAgentFs extends NodeInstallerFs implements AgentFs {
  async isDirectory(path: string): Promise<boolean> {
    try {
      return (await fsp.stat(path)).isDirectory();
    } catch {
      return false;
    }
  }

  override async mkdirp(dir: string, mode = 0o755): Promise<void> {
    await fsp.mkdir(dir, { recursive: true, mode });
  }
}
