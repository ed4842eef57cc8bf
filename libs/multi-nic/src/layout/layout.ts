import { formatCidr, type Cidr } from '@plexus/ip';
import { computeNet } from './compute-net';
import { countFreeIndexes, findTabuRanges, nthFreeIndex } from './tabu-ranges';

/** How a network's subnet is carved: `/P` → interface blocks `/P+m` → host blocks `/P+m+n`. */
export interface Layout {
  /** The global subnet, host bits zero. */
  subnet: Cidr;
  /** m: bits of the interface index. */
  interfaceBits: number;
  /** n: bits of the host index. */
  hostBits: number;
  /** `excludeCIDRs`, parsed. */
  excludes: Cidr[];
}

/** The blocks one (pool position, host index) pair owns. */
export interface HostBlock {
  /** The interface block `/P+m`: the prefix every address of this master is returned with. */
  interfaceBlock: Cidr;
  /** The host block `/P+m+n` this host allocates from. */
  hostBlock: Cidr;
  /** The value written into the m interface bits (differs from the pool position when blocks are excluded). */
  interfaceIndex: bigint;
  /** The value written into the n host bits (differs from the host index when blocks are excluded). */
  hostBlockIndex: bigint;
}

/**
 * interfaceBlockAt returns the interface block of the pool's `position`-th master: the `position`-th interface index
 * whose block no exclude covers (multi-nic-cni's `NewCIDR` walks `masterNets` in order, skipping tabu indexes).
 * Throws a RangeError when the m bits run out.
 */
export function interfaceBlockAt(layout: Layout, position: number): { index: bigint; block: Cidr } {
  const count = 1n << BigInt(layout.interfaceBits);
  const index = nthFreeIndex(position, count, findTabuRanges(layout.subnet, layout.interfaceBits, layout.excludes));
  if (index === undefined) {
    const free = countFreeIndexes(count, findTabuRanges(layout.subnet, layout.interfaceBits, layout.excludes));
    throw new RangeError(
      `master #${position} needs an interface block, but interfaceBlock ${layout.interfaceBits} gives ` +
        `${formatCidr(layout.subnet)} only ${free} usable interface block(s)`,
    );
  }
  return { index, block: computeNet(layout.subnet, index, layout.interfaceBits) };
}

/**
 * hostBlockAt returns the host block of host index `hostIndex` inside the interface block of pool position
 * `position`: the `hostIndex`-th host index of that interface block whose block no exclude covers. Throws a
 * RangeError when the n bits run out.
 */
export function hostBlockAt(layout: Layout, position: number, hostIndex: number): HostBlock {
  const iface = interfaceBlockAt(layout, position);
  const count = 1n << BigInt(layout.hostBits);
  const tabu = findTabuRanges(iface.block, layout.hostBits, layout.excludes);
  const index = nthFreeIndex(hostIndex, count, tabu);
  if (index === undefined) {
    throw new RangeError(
      `host index ${hostIndex} does not fit: hostBlock ${layout.hostBits} gives interface block ` +
        `${formatCidr(iface.block)} ${countFreeIndexes(count, tabu)} usable host block(s)`,
    );
  }
  const hostBlock = computeNet(iface.block, index, layout.hostBits);
  return { interfaceBlock: iface.block, hostBlock, interfaceIndex: iface.index, hostBlockIndex: index };
}

/**
 * hostCapacity is how many host indexes every one of the first `positions` interface blocks can give: a host index
 * is only usable when each master of the pool has a host block for it.
 */
export function hostCapacity(layout: Layout, positions: number): bigint {
  const count = 1n << BigInt(layout.hostBits);
  let min = count;
  for (let p = 0; p < positions; p++) {
    const free = countFreeIndexes(count, findTabuRanges(interfaceBlockAt(layout, p).block, layout.hostBits, layout.excludes));
    if (free < min) min = free;
  }
  return min;
}
