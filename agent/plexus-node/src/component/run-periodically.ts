/** Options of runPeriodically. */
export interface PeriodicOptions {
  /** The pause between two passes. */
  intervalMs: number;
  /** The first pass comes after one interval (GC: give the informers time to sync) rather than at once. */
  delayFirst?: boolean;
  pass: () => Promise<void>;
  /** A failed pass is reported here; the next one still runs. */
  onError: (e: Error) => void;
  sleep: (ms: number) => Promise<void>;
}

/** A running loop; stop() ends a pause at once and waits for a pass in flight. */
export interface PeriodicLoop {
  stop(): Promise<void>;
}

/**
 * runPeriodically runs `pass` again and again, an interval apart, until stopped — the daemon components' loop. One
 * stop signal serves the whole loop, so a stop that lands during a pass does not wait out the next interval.
 */
export function runPeriodically(o: PeriodicOptions): PeriodicLoop {
  let stopped = false;
  let wake: () => void = () => undefined;
  const stopping = new Promise<void>((r) => (wake = r));
  const pause = () => Promise.race([o.sleep(o.intervalMs), stopping]);
  const loop = (async () => {
    if (o.delayFirst) await pause();
    while (!stopped) {
      await o.pass().catch((e: Error) => o.onError(e));
      if (!stopped) await pause();
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}
