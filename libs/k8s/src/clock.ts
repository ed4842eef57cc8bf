/** Clock is the time source of the client: event timestamps and the sleeps between retries. */
export interface Clock {
  now(): Date;
  /** sleep waits between retry attempts; fakes return at once and record the delay. */
  sleep(ms: number): Promise<void>;
}

/** systemClock is the real clock. */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
