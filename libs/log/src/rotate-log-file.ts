import { linkSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type * as Zlib from 'node:zlib';
import type { LogOptions } from './log-options';

const MIB = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;
/** lumberjack's backupTimeFormat, "2006-01-02T15-04-05.000" (UTC): sortable, and no ':' for other filesystems. */
const STAMP = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}$/;

/** How a file sink rotates: Multus' `logOptions`, plus test hooks. */
export interface RotateOptions extends LogOptions {
  /** The clock for backup names and maxAge (tests inject one). */
  now?: () => Date;
  /** Size limit in bytes, overriding maxSize (tests use a few bytes rather than megabytes). */
  maxBytes?: number;
}

/** rotationLimit is the size, in bytes, beyond which the file is rotated (lumberjack: maxSize 0 means 100 MB). */
export function rotationLimit(opts: RotateOptions): number {
  return opts.maxBytes ?? (opts.maxSize > 0 ? opts.maxSize : 100) * MIB;
}

/**
 * rotateIfFull moves `path` aside as `<name>-<timestamp><ext>` when appending `incoming` bytes would take it past
 * the limit (lumberjack's rule; a file that is still empty is never rotated, so one oversized line is written
 * rather than lost), then compresses and prunes the backups. It returns whether it rotated. One stat per call keeps
 * the hot path cheap. Concurrent plugin processes may race here: the backup is made with link (which never
 * replaces an existing file) so a racing rotation cannot overwrite another's backup; the loser just appends.
 */
export function rotateIfFull(path: string, incoming: number, opts: RotateOptions): boolean {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return false; // Not there yet: the append creates it.
  }
  if (size === 0 || size + incoming <= rotationLimit(opts)) return false;
  const now = (opts.now ?? (() => new Date()))();
  if (!moveAside(path, now, (linked) => linked + incoming > rotationLimit(opts))) return false;
  pruneBackups(path, opts, now);
  return true;
}

/**
 * moveAside links the file to its backup name, then unlinks the original. `stillFull` re-checks the size of what
 * was linked: when another process rotated between our stat and our link, we linked its fresh file, and undo.
 */
export function moveAside(path: string, now: Date, stillFull: (size: number) => boolean): boolean {
  for (let bump = 0; bump < 50; bump++) {
    const backup = backupName(path, new Date(now.getTime() + bump));
    try {
      linkSync(path, backup);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue; // Same millisecond as another rotation: take the next one.
      if (code === 'ENOENT') return false; // Another process rotated it first.
      renameSync(path, backup); // A filesystem without hard links.
      return true;
    }
    if (!stillFull(statSync(backup).size)) {
      unlinkSync(backup);
      return false;
    }
    unlinkSync(path);
    return true;
  }
  return false;
}

/** backupName is lumberjack's: `/var/log/multus.log` at that time → `/var/log/multus-2026-12-03T10-04-05.000.log`. */
export function backupName(path: string, at: Date): string {
  const ext = extname(path);
  const stem = basename(path, ext);
  return join(dirname(path), `${stem}-${at.toISOString().replace(/:/g, '-').replace(/Z$/, '')}${ext}`);
}

interface Backup {
  file: string;
  time: number;
  gz: boolean;
}

/** listBackups finds this log's backups (compressed or not) by name, newest first — lumberjack trusts names too. */
export function listBackups(path: string): Backup[] {
  const ext = extname(path);
  const prefix = `${basename(path, ext)}-`;
  const out: Backup[] = [];
  for (const name of readdirSync(dirname(path))) {
    if (!name.startsWith(prefix)) continue;
    const gz = name.endsWith(`${ext}.gz`);
    if (!gz && !name.endsWith(ext)) continue;
    const stamp = name.slice(prefix.length, name.length - ext.length - (gz ? 3 : 0));
    if (!STAMP.test(stamp)) continue;
    const time = Date.parse(`${stamp.slice(0, 10)}T${stamp.slice(11).replace(/-/g, ':')}Z`);
    if (Number.isNaN(time)) continue;
    out.push({ file: join(dirname(path), name), time, gz });
  }
  return out.sort((a, b) => b.time - a.time);
}

/**
 * pruneBackups applies lumberjack's mill: keep the newest maxBackups (0: all), drop those older than maxAge days
 * (0: never), then gzip the survivors when compress is on. Failures are ignored: housekeeping must never cost a log
 * line, let alone a CNI operation.
 */
function pruneBackups(path: string, opts: RotateOptions, now: Date): void {
  let backups: Backup[];
  try {
    backups = listBackups(path);
  } catch {
    return;
  }
  const cutoff = opts.maxAge > 0 ? now.getTime() - opts.maxAge * DAY_MS : -Infinity;
  const keep: Backup[] = [];
  const kept = new Set<number>();
  for (const b of backups) {
    // A backup and its .gz (a compression cut short) count once, as lumberjack does.
    const counted = kept.has(b.time) || opts.maxBackups === 0 || kept.size < opts.maxBackups;
    if (counted) kept.add(b.time);
    if (counted && b.time >= cutoff) keep.push(b);
    else removeQuietly(b.file);
  }
  if (!opts.compress) return;
  for (const b of keep) {
    if (!b.gz) compressQuietly(b.file);
  }
}

/** compressQuietly writes `<file>.gz` through a temp name and a rename, so a reader never sees half a gzip. */
function compressQuietly(file: string): void {
  const tmp = `${file}.gz.tmp`;
  try {
    writeFileSync(tmp, loadZlib().gzipSync(readFileSync(file)), { mode: 0o600 });
    renameSync(tmp, `${file}.gz`);
    unlinkSync(file);
  } catch {
    removeQuietly(tmp);
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone (another process pruned it) or not ours to remove.
  }
}

/**
 * loadZlib loads node:zlib only when a backup is compressed: every plugin's start-up imports this module, and a
 * rotation is rare (process.getBuiltinModule, Node ≥ 20.16, is not turned into a start-up require by the bundler).
 */
function loadZlib(): typeof Zlib {
  return process.getBuiltinModule('node:zlib');
}
