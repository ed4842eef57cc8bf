import { bitsOf, containsCidr, networkOf, type Cidr } from '@plexus/ip';

/** An inclusive range of block indexes, all excluded. */
export interface IndexRange {
  lo: bigint;
  hi: bigint;
}

/**
 * findTabuRanges lists which of the `2^block` sub-blocks of `base` an exclude covers, as merged ascending ranges.
 * The rule is multi-nic-cni's `CheckIfTabuIndex`: a sub-block is tabu when an exclude whose prefix is no longer
 * than the sub-block's (`≤ P + block`) contains the sub-block's network address. Narrower excludes do not make a
 * block tabu; they are skipped address by address at allocation time.
 */
export function findTabuRanges(base: Cidr, block: number, excludes: readonly Cidr[]): IndexRange[] {
  const bits = bitsOf(base.family);
  const count = 1n << BigInt(block);
  const sub = base.prefix + block;
  const ranges: IndexRange[] = [];
  for (const ex of excludes) {
    if (ex.family !== base.family || ex.prefix > sub) continue;
    if (ex.prefix <= base.prefix) {
      if (containsCidr(ex, base)) ranges.push({ lo: 0n, hi: count - 1n });
      continue;
    }
    if (!containsCidr(base, ex)) continue;
    const lo = (networkOf(ex).value - networkOf(base).value) >> BigInt(bits - sub);
    ranges.push({ lo, hi: lo + (1n << BigInt(sub - ex.prefix)) - 1n });
  }
  return mergeRanges(ranges);
}

/** mergeRanges sorts ranges and joins overlapping or touching ones. */
export function mergeRanges(ranges: readonly IndexRange[]): IndexRange[] {
  const sorted = [...ranges].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const out: IndexRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.lo <= last.hi + 1n) {
      if (r.hi > last.hi) last.hi = r.hi;
    } else out.push({ ...r });
  }
  return out;
}

/**
 * nthFreeIndex returns the `ordinal`-th (0-based) index in `0..count-1` that no tabu range covers, or undefined when
 * there are not that many. This is how multi-nic-cni numbers blocks: it walks indexes upwards skipping tabu ones, so
 * the k-th master of the pool (or the k-th host) gets the k-th usable block.
 */
export function nthFreeIndex(ordinal: bigint | number, count: bigint, tabu: readonly IndexRange[]): bigint | undefined {
  let candidate = BigInt(ordinal);
  if (candidate < 0n) return undefined;
  for (const r of tabu) {
    if (r.lo > candidate) break;
    candidate += r.hi - r.lo + 1n;
  }
  return candidate < count ? candidate : undefined;
}

/** countFreeIndexes is how many indexes of `0..count-1` no tabu range covers. */
export function countFreeIndexes(count: bigint, tabu: readonly IndexRange[]): bigint {
  return tabu.reduce((n, r) => n - (r.hi - r.lo + 1n), count);
}
