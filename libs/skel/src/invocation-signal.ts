import type { Env } from './types';

/** The variable a Plexus delegator sets for an exec'd delegate: when (epoch ms) its caller will give up on it. */
export const DEADLINE_ENV = 'PLEXUS_DEADLINE';

/** How long before the caller's deadline the invocation aborts: time to answer code 11 before being killed. */
const MARGIN_MS = 250;

/**
 * invocationSignal is the AbortSignal of an exec'd invocation: it aborts on SIGTERM (what our delegator sends at
 * its timeout, SIGKILL following after a grace) and shortly before the caller's deadline (PLEXUS_DEADLINE), so a
 * handler's lock waits end — with a clean code 11 and nothing left behind — before the caller's timeout kills it.
 * This keeps a delegate's lock waits shorter than the delegate timeout of whoever runs it.
 */
export function invocationSignal(env: Env, now: () => number = Date.now): { signal: AbortSignal; dispose: () => void } {
  const abort = new AbortController();
  const onTerm = (): void => abort.abort(new Error('SIGTERM'));
  process.once('SIGTERM', onTerm);
  let timer: NodeJS.Timeout | undefined;
  const deadline = Number(env[DEADLINE_ENV]);
  if (env[DEADLINE_ENV] && Number.isFinite(deadline)) {
    const left = deadline - now();
    const margin = Math.min(MARGIN_MS, Math.max(0, left) / 10);
    timer = setTimeout(() => abort.abort(new Error('caller deadline')), Math.max(0, left - margin));
    timer.unref();
  }
  return {
    signal: abort.signal,
    dispose: () => {
      clearTimeout(timer);
      process.off('SIGTERM', onTerm);
    },
  };
}
