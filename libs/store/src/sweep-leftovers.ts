import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { parseLeftoverSuffix, parseLockToken, type LeftoverWriter } from './lock-token';
import { isIdentityAlive, isPidAlive, mtimeOf, startedAfter, type ProcView } from './process-identity';

/** A private file of an older version older than this is garbage whatever its pid says (they live milliseconds). */
const LEGACY_MAX_AGE_MS = 10 * 60_000;

/**
 * sweepLeftovers removes, from `dir`, the private files a process killed with -9 left behind: atomic-write temps
 * (`.<name>.tmp-…`), lock tokens waiting to be linked (`<lock>.…`) and takeover markers (`<lock>.takeover[.…]`) of
 * the locks named in `lockNames`. A file goes only when its writer, as named in the file, no longer runs, so a
 * sweep may run at any time, with or without the lock. Failures are ignored: the next sweep tries again.
 */
export async function sweepLeftovers(dir: string, lockNames: readonly string[], view: ProcView): Promise<string[]> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (!(await isDeadLeftover(name, path, lockNames, view))) continue;
    await fsp.rm(path, { force: true }).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}

async function isDeadLeftover(name: string, path: string, lockNames: readonly string[], view: ProcView): Promise<boolean> {
  const lock = lockNames.find((l) => name.startsWith(`${l}.`));
  if (lock !== undefined && name === `${lock}.takeover`) {
    // The marker carries its writer's token and lives for one read-compare-remove (sub-millisecond). It is removed
    // only when its writer is dead *and* it is a second old, so a sweeper that read a dead writer's marker cannot
    // remove a fresh one another waiter linked in its place a moment later; markers without a token after 10 s.
    const text = await fsp.readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) return false;
    const holder = parseLockToken(text);
    const age = Date.now() - (mtimeOf(path) ?? Date.now());
    if (holder.kind === 'current') return age > 1_000 && !isIdentityAlive(view, holder.identity);
    return age > 10_000;
  }
  if (lock === undefined && !/^\..+\.tmp-/.test(name)) return false;
  const writer = parseLeftoverSuffix(name);
  return writer !== undefined && !isWriterAlive(writer, path, view);
}

function isWriterAlive(writer: LeftoverWriter, path: string, view: ProcView): boolean {
  if (writer.kind === 'current') return isIdentityAlive(view, writer.identity);
  const mtime = mtimeOf(path);
  if (mtime === undefined) return true;
  return isPidAlive(writer.pid) && Date.now() - mtime < LEGACY_MAX_AGE_MS && !startedAfter(view, writer.pid, mtime);
}
