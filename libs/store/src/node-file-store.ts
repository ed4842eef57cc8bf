import { promises as fsp, constants } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CniCode, CniError } from '@plexus/cni-spec';
import type { FileStore } from './file-store';

export interface NodeFileStoreOptions {
  /** isProcessAlive decides whether a lock holder still runs (seam for tests). */
  isProcessAlive?: (pid: number) => boolean;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** NodeFileStore is the real FileStore over node:fs. */
export class NodeFileStore implements FileStore {
  constructor(private readonly opts: NodeFileStoreOptions = {}) {}

  async read(path: string): Promise<string | undefined> {
    try {
      return await fsp.readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async writeAtomic(path: string, data: string | Buffer, mode = 0o600): Promise<void> {
    const dir = dirname(path);
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    const fh = await fsp.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
    try {
      await fh.writeFile(data);
      // fsync before rename: after a power cut the new name must never point at an empty file.
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await fsp.rename(tmp, path);
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      throw e;
    }
    await syncDir(dir);
  }

  async remove(path: string): Promise<void> {
    await fsp.rm(path, { force: true });
  }

  async list(dir: string): Promise<string[]> {
    try {
      return (await fsp.readdir(dir)).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  async mkdirp(dir: string, mode = 0o700): Promise<void> {
    await fsp.mkdir(dir, { recursive: true, mode });
  }

  async withLock<T>(lockPath: string, fn: () => Promise<T>, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<T> {
    const release = await this.acquire(lockPath, opts.timeoutMs ?? 30_000, opts.signal);
    try {
      return await fn();
    } finally {
      await release();
    }
  }

  /**
   * acquire creates the lock file with O_EXCL holding our pid and a random token. Node has no flock(2), so a
   * holder that was killed is detected by its pid no longer running; the token makes sure we only ever remove
   * our own lock.
   */
  private async acquire(lockPath: string, timeoutMs: number, signal?: AbortSignal): Promise<() => Promise<void>> {
    const now = this.opts.now ?? Date.now;
    const sleep = abortableSleep(this.opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))), lockPath, signal);
    const alive = this.opts.isProcessAlive ?? isProcessAlive;
    const token = `${process.pid} ${randomBytes(8).toString('hex')}`;
    const deadline = now() + timeoutMs;
    await fsp.mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
    // The lock file must never be seen without its token: a waiter reading it empty (between an O_EXCL create and
    // the write) took it for a dead holder's and removed it, so two processes held the lock. The token is written to
    // a private file first and link(2)ed into place, which fails with EEXIST like O_EXCL but publishes it whole.
    const mine = `${lockPath}.${process.pid}-${randomBytes(4).toString('hex')}`;
    await fsp.writeFile(mine, token, { mode: 0o600 });
    try {
      return await this.acquireByLink(lockPath, mine, token, deadline, timeoutMs, { now, sleep, alive });
    } finally {
      await fsp.rm(mine, { force: true });
    }
  }

  private removeStaleLock(lockPath: string, holder: string): Promise<void> {
    return removeStaleLockFile(lockPath, holder, (p) => this.read(p));
  }

  private async acquireByLink(
    lockPath: string,
    mine: string,
    token: string,
    deadline: number,
    timeoutMs: number,
    { now, sleep, alive }: { now: () => number; sleep: (ms: number) => Promise<void>; alive: (pid: number) => boolean },
  ): Promise<() => Promise<void>> {
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      try {
        await fsp.link(mine, lockPath);
        return async () => {
          if ((await this.read(lockPath)) === token) await fsp.rm(lockPath, { force: true });
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = await this.read(lockPath);
      const pid = Number.parseInt(holder?.split(' ')[0] ?? '', 10);
      if (holder !== undefined && (!Number.isInteger(pid) || !alive(pid))) {
        // The holder died mid-operation (or released and exited since we read it): remove its lock if still there.
        await this.removeStaleLock(lockPath, holder);
        continue;
      }
      if (now() >= deadline) {
        throw new CniError(CniCode.TryAgainLater, 'lock is busy', `timed out after ${timeoutMs} ms waiting for "${lockPath}" (held by pid ${pid})`);
      }
      await sleep(wait);
    }
  }
}

/**
 * removeStaleLock removes the lock file only while it still holds `holder`, a dead process' token. Waiters that saw
 * the same holder race here, and a lock file is re-taken the moment it is gone, so "read, compare, remove" must not
 * interleave: a second lock (`<lock>.takeover`, made with link(2)) lets one waiter at a time do it. (The earlier
 * rename-away-and-back could put a lock back over a newer holder's, and a holder that had released and exited
 * looked dead to a waiter that had read its token: two processes held the lock under load.) A takeover lock left
 * by a waiter killed inside this sub-millisecond step is cleared once it is 10 s old.
 */
async function removeStaleLockFile(lockPath: string, holder: string, read: (p: string) => Promise<string | undefined>): Promise<void> {
  const takeover = `${lockPath}.takeover`;
  const temp = `${takeover}.${process.pid}-${randomBytes(4).toString('hex')}`;
  await fsp.writeFile(temp, `${process.pid}`, { mode: 0o600 });
  try {
    await fsp.link(temp, takeover);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const st = await fsp.stat(takeover).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > 10_000) await fsp.rm(takeover, { force: true });
    return;
  } finally {
    await fsp.rm(temp, { force: true });
  }
  try {
    if ((await read(lockPath)) === holder) await fsp.rm(lockPath, { force: true });
  } finally {
    await fsp.rm(takeover, { force: true });
  }
}

/** isProcessAlive uses signal 0: ESRCH means gone; EPERM means alive but not ours. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function syncDir(dir: string): Promise<void> {
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(dir, 'r');
    await fh.sync();
  } catch {
    // Some file systems refuse fsync on directories; the rename is still atomic.
  } finally {
    await fh?.close();
  }
}

const _check: FileStore = new NodeFileStore();
void _check;

/** abortableSleep makes a lock wait's sleep give up (code 11) once `signal` aborts, before the next attempt. */
function abortableSleep(sleep: (ms: number) => Promise<void>, lockPath: string, signal?: AbortSignal): (ms: number) => Promise<void> {
  if (!signal) return sleep;
  return async (ms) => {
    if (!signal.aborted) await sleep(ms);
    if (signal.aborted) throw new CniError(CniCode.TryAgainLater, 'lock wait aborted', `the caller gave up while this waited for "${lockPath}"`);
  };
}
