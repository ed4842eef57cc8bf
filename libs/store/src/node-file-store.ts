import { promises as fsp, constants } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CniCode, CniError } from '@plexus/cni-spec';
import type { FileStore } from './file-store';
import { formatLockToken, leftoverSuffix, parseLockToken, type LockHolder } from './lock-token';
import { isIdentityAlive, isPidAlive, mtimeOf, ownIdentity, startedAfter, type ProcView } from './process-identity';
import { sweepLeftovers } from './sweep-leftovers';

export interface NodeFileStoreOptions {
  /** The /proc tree lock holders are judged by (a test points it at a fake one). Default `/proc`. */
  procRoot?: string;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** The share of lock releases followed by a sweep of leftovers (default 1/8; 1 = every release). */
  sweepChance?: number;
}

/** The share of releases after which withLock sweeps the lock's directory (see sweepNowAndThen). */
const DEFAULT_SWEEP_CHANCE = 1 / 8;

/** NodeFileStore is the real FileStore over node:fs. */
export class NodeFileStore implements FileStore {
  private readonly view: ProcView;

  constructor(private readonly opts: NodeFileStoreOptions = {}) {
    this.view = { procRoot: opts.procRoot ?? '/proc' };
  }

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
    // The temp's name says who writes it, so a temp left by a kill -9 is recognised and swept (sweepLeftovers). Its
    // name part is cut so that a file name that fits NAME_MAX does not fail on its temp's longer name.
    const tmp = join(dir, `.${truncateUtf8(basename(path), 180)}.tmp-${leftoverSuffix(ownIdentity(this.view))}`);
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
    const { release, tookOver } = await this.acquire(lockPath, opts.timeoutMs ?? 30_000, opts.signal);
    try {
      return await fn();
    } finally {
      await release();
      await this.sweepNowAndThen(lockPath, tookOver);
    }
  }

  /**
   * sweepNowAndThen sweeps the lock's directory for what processes killed with -9 left (sweepLeftovers), outside the
   * lock so waiters do not pay for it: always after a stale lock was taken over (a holder was killed), else on a
   * random `sweepChance` of releases — a directory holds a token per waiting process, and 256 parallel ADDs each
   * checking 256 tokens would cost more than the leftovers do.
   */
  private async sweepNowAndThen(lockPath: string, tookOver: boolean): Promise<void> {
    if (!tookOver && Math.random() >= (this.opts.sweepChance ?? DEFAULT_SWEEP_CHANCE)) return;
    await this.sweepLeftovers(dirname(lockPath), [basename(lockPath)]).catch(() => undefined);
  }

  /**
   * sweepLeftovers removes from `dir` the atomic-write temps, and the token and takeover files of the named locks,
   * whose writers no longer run (a kill -9 leaves them). withLock sweeps the lock's directory after every release;
   * stores that write without a lock may call this (e.g. at GC). Returns the names removed.
   */
  sweepLeftovers(dir: string, lockNames: readonly string[] = []): Promise<string[]> {
    return sweepLeftovers(dir, lockNames, this.view);
  }

  /**
   * acquire links a file holding our token to the lock path (link(2) fails with EEXIST like O_EXCL). Node has no
   * flock(2) and Plexus takes no native addon, so a lock cannot die with its holder by itself: instead the token
   * names its holder by boot id, pid and start time (ProcessIdentity), and a waiter removes the lock of a holder
   * that is no longer that exact process — a pid reused after a reboot or in the same boot does not keep it.
   */
  private async acquire(lockPath: string, timeoutMs: number, signal?: AbortSignal): Promise<Acquired> {
    const now = this.opts.now ?? Date.now;
    const sleep = abortableSleep(this.opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))), lockPath, signal);
    const identity = ownIdentity(this.view);
    const token = formatLockToken(identity);
    const deadline = now() + timeoutMs;
    await fsp.mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
    // The lock file must never be seen without its token: a waiter reading it empty (between an O_EXCL create and
    // the write) took it for a dead holder's and removed it, so two processes held the lock. The token is written to
    // a private file first and link(2)ed into place, which fails with EEXIST like O_EXCL but publishes it whole.
    const mine = `${lockPath}.${leftoverSuffix(identity)}`;
    await fsp.writeFile(mine, token, { mode: 0o600 });
    try {
      return await this.acquireByLink(lockPath, mine, token, deadline, timeoutMs, { now, sleep });
    } finally {
      await fsp.rm(mine, { force: true });
    }
  }

  private async acquireByLink(
    lockPath: string,
    mine: string,
    token: string,
    deadline: number,
    timeoutMs: number,
    { now, sleep }: { now: () => number; sleep: (ms: number) => Promise<void> },
  ): Promise<Acquired> {
    let tookOver = false;
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      try {
        await fsp.link(mine, lockPath);
        const release = async () => {
          if ((await this.read(lockPath)) === token) await fsp.rm(lockPath, { force: true });
        };
        return { release, tookOver };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = await this.read(lockPath);
      if (holder === undefined) continue;
      const parsed = parseLockToken(holder);
      if (!this.isHolderAlive(parsed, lockPath)) {
        // The holder died mid-operation (or released and exited since we read it): remove its lock if still there.
        await removeStaleLockFile(lockPath, holder, token, (p) => this.read(p), this.view);
        tookOver = true;
        continue;
      }
      if (now() >= deadline) {
        throw new CniError(CniCode.TryAgainLater, 'lock is busy', `timed out after ${timeoutMs} ms waiting for "${lockPath}" (held by ${describeHolder(parsed)})`);
      }
      await sleep(wait);
    }
  }

  private isHolderAlive(holder: LockHolder, lockPath: string): boolean {
    if (holder.kind === 'current') return isIdentityAlive(this.view, holder.identity);
    if (holder.kind === 'unreadable') return false;
    // An older version's token names only a pid: a process that started after the lock was written is not its
    // holder, whatever its pid (the reboot case).
    const mtime = mtimeOf(lockPath);
    return isPidAlive(holder.pid) && (mtime === undefined || !startedAfter(this.view, holder.pid, mtime));
  }
}

/** A held lock: how to release it, and whether a dead holder's lock was removed to get it. */
interface Acquired {
  release: () => Promise<void>;
  tookOver: boolean;
}

function describeHolder(holder: LockHolder): string {
  if (holder.kind === 'current') return `pid ${holder.identity.pid}`;
  if (holder.kind === 'legacy') return `pid ${holder.pid}`;
  return 'an unreadable token';
}

/**
 * removeStaleLockFile removes the lock file only while it still holds `holder`, a dead process' token. Waiters that saw
 * the same holder race here, and a lock file is re-taken the moment it is gone, so "read, compare, remove" must not
 * interleave: a second lock (`<lock>.takeover`, made with link(2)) lets one waiter at a time do it. (The earlier
 * rename-away-and-back could put a lock back over a newer holder's, and a holder that had released and exited
 * looked dead to a waiter that had read its token: two processes held the lock under load.) The marker holds its
 * writer's token: a marker left by a waiter killed inside this sub-millisecond step is cleared as soon as that
 * writer is seen dead (older markers without a token once they are 10 s old).
 */
async function removeStaleLockFile(
  lockPath: string,
  holder: string,
  token: string,
  read: (p: string) => Promise<string | undefined>,
  view: ProcView,
): Promise<void> {
  const takeover = `${lockPath}.takeover`;
  const temp = `${takeover}.${leftoverSuffix(ownIdentity(view))}`;
  await fsp.writeFile(temp, token, { mode: 0o600 });
  try {
    await fsp.link(temp, takeover);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Another waiter is at it; a marker whose writer died is swept so the lock does not stay stuck behind it.
    await sweepLeftovers(dirname(lockPath), [basename(lockPath)], view);
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
export const isProcessAlive = isPidAlive;

/** truncateUtf8 keeps at most `max` bytes of a name, never splitting a character. */
function truncateUtf8(name: string, max: number): string {
  if (Buffer.byteLength(name) <= max) return name;
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch) > max) break;
    out += ch;
  }
  return out;
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
