import { broadcastOf, containsIp, networkOf, overlaps, type Cidr } from '@plexus/ip';

/** What next-fit must step over besides the block's own first and last address. */
export interface PickOptions {
  /** Addresses already allocated. */
  taken: ReadonlySet<bigint>;
  /** Gateways and other addresses never handed out. */
  reserved: readonly bigint[];
  /** `excludeCIDRs` (those not touching the block are ignored). */
  excludes: readonly Cidr[];
  /** The last address handed out: the search starts after it. */
  lastReserved?: bigint;
}

/**
 * pickNextAddress finds the next free address of a host block after `lastReserved`, wrapping around once (next-fit,
 * like host-local's round robin). The first address of the block is never used, nor the last one for IPv4 (network
 * and broadcast, as multi-nic-cni skips index 0 and the broadcast), nor reserved or excluded addresses. An excluded
 * range is jumped over whole, so a wide exclude inside an IPv6 block costs one step. Undefined means full.
 */
export function pickNextAddress(block: Cidr, opts: PickOptions): bigint | undefined {
  const first = networkOf(block).value + 1n;
  const last = broadcastOf(block) - (block.family === 4 ? 1n : 0n);
  if (last < first) return undefined;
  const span = last - first + 1n;
  const excludes = opts.excludes.filter((e) => e.family === block.family && overlaps(e, block));
  const reserved = new Set(opts.reserved);
  const after = opts.lastReserved;
  let candidate = after !== undefined && after >= first && after < last ? after + 1n : first;
  for (let walked = 0n; walked < span; ) {
    const ex = excludes.find((e) => containsIp(e, { family: block.family, value: candidate }));
    let step = 1n;
    if (ex) {
      const end = broadcastOf(ex) < last ? broadcastOf(ex) : last;
      step = end - candidate + 1n;
    } else if (!opts.taken.has(candidate) && !reserved.has(candidate)) {
      return candidate;
    }
    walked += step;
    candidate = first + ((candidate - first + step) % span);
  }
  return undefined;
}
