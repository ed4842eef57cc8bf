import { validateContainerId } from '@plexus/cni-spec';
import type { FileStore } from '@plexus/store';
import { join } from 'node:path';
import type { Checkpoint } from './checkpoint';
import { parseCheckpoint } from './parse-checkpoint';

const SUFFIX = '.json';

/**
 * CheckpointStore keeps one file per pod sandbox, `<cacheDir>/<containerId>.json` (0600, written atomically: a
 * crash leaves the old or the new plan, never half of one).
 */
export class CheckpointStore {
  constructor(
    private readonly files: Pick<FileStore, 'read' | 'writeAtomic' | 'remove' | 'list'>,
    readonly cacheDir: string,
  ) {}

  /**
   * pathFor names a container's checkpoint. The id is validated again here (not only by the skel) because GC takes
   * ids from its config: an id like `../x` must never become a path outside the cache dir (code 4).
   */
  pathFor(containerId: string): string {
    validateContainerId(containerId);
    return join(this.cacheDir, `${containerId}${SUFFIX}`);
  }

  /** read returns the checkpoint, undefined when there is none; an unreadable file is code 102 naming it. */
  async read(containerId: string): Promise<Checkpoint | undefined> {
    const path = this.pathFor(containerId);
    const text = await this.files.read(path);
    return text === undefined ? undefined : parseCheckpoint(text, path);
  }

  /** write replaces the checkpoint atomically. */
  async write(cp: Checkpoint): Promise<void> {
    await this.files.writeAtomic(this.pathFor(cp.containerId), JSON.stringify(cp, null, 2) + '\n', 0o600);
  }

  /** remove deletes the checkpoint (absent is fine). */
  async remove(containerId: string): Promise<void> {
    await this.files.remove(this.pathFor(containerId));
  }

  /** listContainerIds names every checkpointed container (files that are not checkpoints are ignored). */
  async listContainerIds(): Promise<string[]> {
    return (await this.files.list(this.cacheDir))
      .filter((f) => f.endsWith(SUFFIX) && !f.startsWith('.'))
      .map((f) => f.slice(0, -SUFFIX.length));
  }
}
