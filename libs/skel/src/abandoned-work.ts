const running = new Set<Promise<unknown>>();

/**
 * abandonWork records work this process stopped waiting for but could not stop (an in-process delegate that
 * outlived its timeout and ignored the abort). It leaves the record when it settles. While any is recorded, state
 * that work could still change must not be freed (the meta-dispatcher keeps its checkpoint), and the plugin's main
 * ends the process once its reply is written, so the work dies like a kill -9 (which every store survives) instead
 * of acting unobserved after the runtime got its answer.
 */
export function abandonWork(work: Promise<unknown>): void {
  running.add(work);
  const done = (): void => void running.delete(work);
  work.then(done, done);
}

/** abandonedWorkCount is how many abandoned calls of this process are still running. */
export function abandonedWorkCount(): number {
  return running.size;
}
