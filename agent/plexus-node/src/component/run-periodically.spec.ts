import { runPeriodically } from './run-periodically';

/** A sleep that never ends by itself: only a stop ends a pause. */
const forever = () => new Promise<void>(() => undefined);
const tick = () => new Promise<void>((r) => setImmediate(r));

describe('runPeriodically', () => {
  it('runs a pass at once, then one per interval, and reports failures without stopping', async () => {
    const passes: number[] = [];
    const errors: string[] = [];
    let n = 0;
    const loop = runPeriodically({
      intervalMs: 1,
      sleep: () => tick(),
      pass: async () => {
        passes.push(++n);
        if (n === 2) throw new Error('boom');
      },
      onError: (e) => errors.push(e.message),
    });
    while (passes.length < 3) await tick();
    await loop.stop();
    expect(passes.slice(0, 3)).toEqual([1, 2, 3]);
    expect(errors).toEqual(['boom']);
  });

  it('with delayFirst runs nothing before the first interval, and a stop during that pause runs no pass', async () => {
    let passes = 0;
    const loop = runPeriodically({ intervalMs: 60_000, delayFirst: true, sleep: forever, pass: async () => void passes++, onError: () => undefined });
    await tick();
    await loop.stop();
    expect(passes).toBe(0);
  });

  it('a stop that lands during a pass waits for it, then ends without waiting out the interval', async () => {
    let finish: () => void = () => undefined;
    let passes = 0;
    const loop = runPeriodically({
      intervalMs: 60_000,
      sleep: forever,
      pass: () => {
        passes++;
        return new Promise<void>((r) => (finish = r));
      },
      onError: () => undefined,
    });
    await tick();
    const stopped = loop.stop();
    finish();
    await stopped;
    expect(passes).toBe(1);
  });
});
