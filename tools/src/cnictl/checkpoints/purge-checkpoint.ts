import { basename } from 'node:path';
import { replayCheckpointDel, type CheckpointStore } from '@plexus/checkpoint';
import { isCniError } from '@plexus/cni-spec';
import type { ChainDeps } from '@plexus/conflist';
import { CnictlError } from '../errors';
import { findCheckpoint } from './find-checkpoint';

/** Options of a purge. */
export interface PurgeOptions {
  /** Remove a checkpoint file that cannot be read (nothing of it can be undone). */
  force?: boolean;
  /** Keep the checkpoint when a step could not be undone (a manual DEL that can be retried). */
  keepOnFailure?: boolean;
}

/** One undo step in the purge report. */
export interface PurgeStep {
  op: 'delete' | 'release';
  network: string;
  ifName: string;
  /** Why it could not be undone (absent: undone). */
  error?: string;
}

/** What a purge did. */
export interface PurgeReport {
  file: string;
  containerId?: string;
  /** Every undo step, in the order it ran. */
  steps: PurgeStep[];
  /** The steps that could not be undone: what the operator must clean up by hand. */
  notUndone: PurgeStep[];
  removed: boolean;
}

/**
 * purgeCheckpoint is the way out for a pod stuck Terminating because its DEL keeps failing: it runs the
 * checkpoint's whole DEL replay best effort (the shared replay of @plexus/checkpoint — each delegate's DEL with
 * exactly what the checkpoint recorded, against the netns it was added with, then every reservation's release),
 * reports what it could not undo, and removes the checkpoint so the next DEL succeeds. DANM addresses need the
 * Kubernetes API, which cnictl has not: they are reported, never silently dropped. A file that cannot be read
 * is removed only with `force`.
 */
export async function purgeCheckpoint(store: CheckpointStore, chain: ChainDeps, target: string, opts: PurgeOptions = {}): Promise<PurgeReport> {
  const entry = await findCheckpoint(store, target);
  const file = basename(entry.path);
  if (!('checkpoint' in entry)) {
    if (!opts.force) throw new CnictlError(`${entry.error.details ?? entry.error.message} (nothing in it can be undone; purge --force removes the file)`);
    await store.removeFile(file);
    return { file, steps: [], notUndone: [], removed: true };
  }
  const cp = entry.checkpoint;
  const replay = await replayCheckpointDel(chain, cp, { sandbox: { containerId: cp.containerId, netns: cp.netns } });
  const steps: PurgeStep[] = replay.steps.map((s) => ({ op: s.op, network: s.network, ifName: s.ifName, ...('error' in s ? { error: describe(s.error) } : {}) }));
  const notUndone = steps.filter((s) => s.error !== undefined);
  const removed = !(notUndone.length && opts.keepOnFailure);
  if (removed) await store.remove(cp.containerId);
  return { file, containerId: cp.containerId, steps, notUndone, removed };
}

function describe(e: unknown): string {
  if (isCniError(e)) return e.details ? `${e.msg}: ${e.details}` : e.msg;
  return e instanceof Error ? e.message : String(e);
}
