import { validateContainerId, type CniError } from '@plexus/cni-spec';
import { boundedFileName, type FileStore } from '@plexus/store';
import { join } from 'node:path';
import type { Checkpoint } from './checkpoint-types';
import { parseCheckpoint, unreadableCheckpoint } from './parse-checkpoint';

const SUFFIX = '.json';

/** The file operations CheckpointStore needs. */
export type CheckpointFiles = Pick<FileStore, 'read' | 'writeAtomic' | 'remove' | 'list'>;

/** One checkpoint file of the cache dir, read or not. */
export type CheckpointEntry = { path: string; checkpoint: Checkpoint } | { path: string; error: CniError };

/**
 * CheckpointStore keeps one file per pod sandbox, `<cacheDir>/<containerId>.json` (0600, written atomically: a
 * crash leaves the old or the new plan, never half of one). A container id too long for a file name (the spec sets
 * no limit; ENAMETOOLONG made such a pod impossible to add or delete) is hashed: `_sha256-<hex>.json`, a name no
 * container id can have (ids start with a letter or digit). The file always holds the full id, and a file whose id
 * does not belong to its name is refused, so a name is never trusted alone.
 */
export class CheckpointStore {
  constructor(
    private readonly files: CheckpointFiles,
    readonly cacheDir: string,
  ) {}

  /**
   * pathFor names a container's checkpoint. The id is validated again here (not only by the skel) because GC takes
   * ids from its config: an id like `../x` must never become a path outside the cache dir (code 4).
   */
  pathFor(containerId: string): string {
    validateContainerId(containerId);
    return join(this.cacheDir, boundedFileName(`${containerId}${SUFFIX}`, containerId, SUFFIX));
  }

  /** read returns the checkpoint, undefined when there is none; an unreadable file is code 102 naming it. */
  async read(containerId: string): Promise<Checkpoint | undefined> {
    const path = this.pathFor(containerId);
    const cp = await this.readFile(path);
    if (cp && cp.containerId !== containerId) throw unreadableCheckpoint(path, `it holds container "${cp.containerId}", not "${containerId}"`);
    return cp;
  }

  /** write replaces the checkpoint atomically. */
  async write(cp: Checkpoint): Promise<void> {
    await this.files.writeAtomic(this.pathFor(cp.containerId), JSON.stringify(cp, null, 2) + '\n', 0o600);
  }

  /** remove deletes the checkpoint (absent is fine). */
  async remove(containerId: string): Promise<void> {
    await this.files.remove(this.pathFor(containerId));
  }

  /**
   * removeFile deletes one checkpoint file by name (an operator purging a file that cannot be read, so has no id).
   * Only a checkpoint file name of this dir is accepted: never a path elsewhere.
   */
  async removeFile(fileName: string): Promise<void> {
    if (!isCheckpointFileName(fileName) || fileName.includes('/')) throw unreadableCheckpoint(fileName, 'is not a checkpoint file name of this dir');
    await this.files.remove(join(this.cacheDir, fileName));
  }

  /** listFiles names every checkpoint file (temp files of interrupted writes and other files are ignored), sorted. */
  async listFiles(): Promise<string[]> {
    return (await this.files.list(this.cacheDir)).filter(isCheckpointFileName).sort();
  }

  /**
   * readEntries reads every checkpoint file, each either parsed or with its code-102 error: one damaged file never
   * stops the others from being read. A file whose id does not belong to its name counts as damaged.
   */
  async readEntries(): Promise<CheckpointEntry[]> {
    const out: CheckpointEntry[] = [];
    for (const name of await this.listFiles()) {
      const path = join(this.cacheDir, name);
      try {
        const cp = await this.readFile(path);
        if (!cp) continue; // removed since listed
        if (this.pathFor(cp.containerId) !== path) throw unreadableCheckpoint(path, `it holds container "${cp.containerId}", whose checkpoint is ${this.pathFor(cp.containerId)}`);
        out.push({ path, checkpoint: cp });
      } catch (e) {
        out.push({ path, error: e as CniError });
      }
    }
    return out;
  }

  private async readFile(path: string): Promise<Checkpoint | undefined> {
    let text: string | undefined;
    try {
      text = await this.files.read(path);
    } catch (e) {
      throw unreadableCheckpoint(path, `cannot be read (${(e as Error).message})`);
    }
    return text === undefined ? undefined : parseCheckpoint(text, path);
  }
}

function isCheckpointFileName(name: string): boolean {
  return name.endsWith(SUFFIX) && !name.startsWith('.') && name.length > SUFFIX.length;
}
