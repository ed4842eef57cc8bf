import { CniCode } from '@plexus/cni-spec';
import { isConflict, isNotFound, systemClock, type Clock, type KubeClient, type KubeObject } from '@plexus/k8s';
import type { DanmNetworkRef } from '../../plan/network-request';
import { kubeReadError, dispatcherError, type ErrorSubject } from '../../errors/dispatcher-errors';
import { DANM_RESOURCES, describeDanmRef } from '../../plan/danm-network';

/** Options of the optimistic-concurrency loop. */
export interface UpdateOptions {
  /** Attempts before giving up with code 11; default 30 (each conflict means another writer succeeded). */
  maxAttempts?: number;
  /** Sleeps between attempts (jittered, growing); the system clock by default. */
  clock?: Clock;
  /** Jitter source in [0, 1); Math.random by default. */
  random?: () => number;
}

/** The default bound on attempts. */
export const DEFAULT_UPDATE_ATTEMPTS = 30;

/** One step of the loop: the value to return and, when the object must change, its new version. */
export interface UpdateStep<T> {
  value: T;
  next?: KubeObject;
}

/**
 * updateNetwork reads a DANM network object, lets `compute` decide (pure) and writes the result with the read
 * resourceVersion. A ConflictError (someone else wrote in between) re-reads and recomputes after a short jittered
 * sleep; after `maxAttempts` it is code 11. `onMissing` decides what a missing object means (error for allocate,
 * nothing to do for release).
 */
export async function updateNetwork<T>(
  client: KubeClient,
  ref: DanmNetworkRef,
  compute: (obj: KubeObject) => UpdateStep<T>,
  onMissing: () => T,
  s: ErrorSubject,
  opts: UpdateOptions = {},
): Promise<T> {
  const type = DANM_RESOURCES[ref.kind];
  const key = type.namespaced ? { namespace: ref.namespace, name: ref.name } : { name: ref.name };
  const maxAttempts = opts.maxAttempts ?? DEFAULT_UPDATE_ATTEMPTS;
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    let obj: KubeObject;
    try {
      obj = await client.getObject(type, key);
    } catch (e) {
      if (isNotFound(e)) return onMissing();
      throw kubeReadError(e, s, 'network', describeDanmRef(ref));
    }
    const step = compute(obj);
    if (!step.next) return step.value;
    try {
      await client.replaceObject(type, step.next);
      return step.value;
    } catch (e) {
      if (isNotFound(e)) return onMissing();
      if (!isConflict(e)) throw kubeReadError(e, s, 'network', describeDanmRef(ref));
      if (attempt >= maxAttempts) {
        throw dispatcherError(CniCode.TryAgainLater, 'too many concurrent updates', s, `${describeDanmRef(ref)} changed under each of ${maxAttempts} attempts to record an allocation`);
      }
      // Jitter spreads the racing writers out; the cap keeps a busy network from stalling an ADD for long.
      await clock.sleep(Math.floor(random() * Math.min(5 * 2 ** attempt, 100)));
    }
  }
}
