import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A process as the kernel tells it apart from every other one, ever: a pid alone is reused (after a reboot the
 * same low pids come back at once, and the store lives under /var/lib, so a lock naming pid 1234 from before the
 * reboot names some other live process now). The boot id changes at every boot; the start time (clock ticks since
 * boot, /proc/<pid>/stat field 22) differs between two processes that got the same pid in one boot.
 */
export interface ProcessIdentity {
  /** /proc/sys/kernel/random/boot_id without dashes ('' when /proc does not say). */
  bootId: string;
  pid: number;
  /** Start time in clock ticks since boot ('' when /proc does not say). */
  startTime: string;
}

/** Where the kernel's process table is read (a test points this at a fake tree). */
export interface ProcView {
  /** The /proc mount, `/proc` on a real host. */
  procRoot: string;
}

/** readBootId returns this boot's id without dashes, or '' when /proc has no boot_id (not Linux). */
export function readBootId(view: ProcView): string {
  try {
    return readFileSync(join(view.procRoot, 'sys/kernel/random/boot_id'), 'utf8').trim().replace(/-/g, '').toLowerCase();
  } catch {
    return '';
  }
}

/** ProcStat is what a lock needs of /proc/<pid>/stat. */
export interface ProcStat {
  /** Field 3: R, S, D… Z is a zombie (dead, not yet reaped: it can never release a lock). */
  state: string;
  /** Field 22, clock ticks after boot. */
  startTime: string;
}

/**
 * readProcStat reads a process' state and start time, or undefined when there is no such process. The command
 * name (field 2) may hold spaces and parentheses, so the fields are counted after the last ')'. Sync on purpose:
 * procfs never blocks, and a lock waiter asks this on every poll.
 */
export function readProcStat(view: ProcView, pid: number | 'self'): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(join(view.procRoot, String(pid), 'stat'), 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [state, startTime] = [fields[0], fields[19]];
  return state && startTime && /^\d+$/.test(startTime) ? { state, startTime } : undefined;
}

const identities = new Map<string, ProcessIdentity>();

/** ownIdentity is this process' identity, read once per /proc root. */
export function ownIdentity(view: ProcView): ProcessIdentity {
  let id = identities.get(view.procRoot);
  if (!id || id.pid !== process.pid) {
    id = { bootId: readBootId(view), pid: process.pid, startTime: readProcStat(view, 'self')?.startTime ?? '' };
    identities.set(view.procRoot, id);
  }
  return id;
}

/**
 * isIdentityAlive tells whether the process a token names still runs: same boot, same pid, same start time, not a
 * zombie. `bootId` may be a prefix (file names carry 8 hex digits of it). Without /proc (no boot id or start time
 * on either side) it falls back to asking the pid with signal 0, the old and weaker rule.
 */
export function isIdentityAlive(view: ProcView, holder: ProcessIdentity, own: ProcessIdentity = ownIdentity(view)): boolean {
  if (!own.bootId || !holder.bootId || !holder.startTime) return isPidAlive(holder.pid);
  if (!own.bootId.startsWith(holder.bootId)) return false;
  const stat = readProcStat(view, holder.pid);
  return stat !== undefined && stat.startTime === holder.startTime && stat.state !== 'Z' && stat.state !== 'X';
}

/**
 * startedAfter tells whether process `pid` (alive now) started after `mtimeMs`: then it cannot have written a file
 * of that age. This judges tokens written by older Plexus versions, which carry only a pid.
 */
export function startedAfter(view: ProcView, pid: number, mtimeMs: number): boolean {
  const stat = readProcStat(view, pid);
  const bootMs = readBootTimeMs(view);
  if (!stat || bootMs === undefined) return false;
  // USER_HZ is 100 on every Linux architecture Node runs on; one tick of slack for the rounding.
  return bootMs + (Number(stat.startTime) + 1) * 10 > mtimeMs + 1_000;
}

/** readBootTimeMs is the boot time (`btime` of /proc/stat) in ms since the epoch. */
function readBootTimeMs(view: ProcView): number | undefined {
  try {
    const m = /^btime (\d+)$/m.exec(readFileSync(join(view.procRoot, 'stat'), 'utf8'));
    return m ? Number(m[1]) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** isPidAlive uses signal 0: ESRCH means gone; EPERM means alive but not ours. */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** mtimeOf is a file's modification time in ms, or undefined when it is gone. */
export function mtimeOf(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}
