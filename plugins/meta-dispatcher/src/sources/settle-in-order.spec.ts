import { settleInOrder } from './settle-in-order';

const later = <T>(ms: number, v: T, fail = false) => () => new Promise<T>((res, rej) => setTimeout(() => (fail ? rej(new Error(String(v))) : res(v)), ms));

describe('settleInOrder', () => {
  it('runs tasks concurrently and keeps input order', async () => {
    const started: number[] = [];
    const tasks = [30, 1, 15].map((ms, i) => () => {
      started.push(i);
      return later(ms, i)();
    });
    expect(await settleInOrder(tasks)).toEqual([0, 1, 2]);
    expect(started).toEqual([0, 1, 2]);
  });

  it('reports the first failure in input order, not in time', async () => {
    await expect(settleInOrder([later(1, 'ok'), later(30, 'slow-fail', true), later(1, 'fast-fail', true)])).rejects.toThrow('slow-fail');
  });

  it('returns [] for no tasks', async () => {
    expect(await settleInOrder([])).toEqual([]);
  });
});
