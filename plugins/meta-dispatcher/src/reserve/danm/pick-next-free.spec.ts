import { pickNextFree } from './pick-next-free';

const takenSet = (...v: number[]) => {
  const s = new Set(v.map(BigInt));
  return { isTaken: (x: bigint) => s.has(x), count: s.size };
};

describe('pickNextFree (next-fit)', () => {
  it.each<[string, [number, number], number | undefined, number[], number | undefined]>([
    ['first of an empty pool', [1, 10], undefined, [], 1],
    ['after the cursor', [1, 10], 4, [], 5],
    ['skips taken addresses', [1, 10], 4, [5, 6], 7],
    ['wraps to the start', [1, 10], 10, [], 1],
    ['wraps past taken ones', [1, 10], 9, [10, 1, 2], 3],
    ['ignores a cursor outside the pool', [5, 10], 50, [5], 6],
    ['finds the last free one', [1, 4], 2, [3, 4, 1], 2],
    ['reports a full pool', [1, 3], 1, [1, 2, 3], undefined],
    ['single-address pool', [7, 7], undefined, [], 7],
  ])('%s', (_n, [start, end], cursor, taken, expected) => {
    const t = takenSet(...taken);
    const got = pickNextFree(BigInt(start), BigInt(end), cursor === undefined ? undefined : BigInt(cursor), t.isTaken, t.count);
    expect(got).toBe(expected === undefined ? undefined : BigInt(expected));
  });

  it('does not walk a huge IPv6 pool address by address', () => {
    let probes = 0;
    const got = pickNextFree(1n, 2n ** 64n, undefined, (v) => {
      probes++;
      return v < 4n;
    }, 3);
    expect(got).toBe(4n);
    expect(probes).toBe(4);
  });
});
