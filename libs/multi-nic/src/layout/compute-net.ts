import { bitsOf, formatCidr, networkOf, type Cidr } from '@plexus/ip';

/**
 * computeNet is multi-nic-cni's `ComputeNet`: it writes `index` as a `block`-bit number into the bits right after
 * the base prefix (most significant bit first, straddling bytes as needed), keeps the other bits of the base network
 * and returns the sub-block with prefix `P + block`. `computeNet(192.168.0.0/16, 1, 2)` is 192.168.64.0/18.
 * Throws a RangeError when the block leaves the address or the index does not fit in `block` bits.
 */
export function computeNet(base: Cidr, index: bigint | number, block: number): Cidr {
  const bits = bitsOf(base.family);
  const i = BigInt(index);
  if (!Number.isInteger(block) || block < 0) throw new RangeError(`block size ${block} must be a whole number of bits`);
  if (base.prefix + block > bits) {
    const what = `${formatCidr(networkOf(base))} cannot be split by ${block} more bits`;
    throw new RangeError(`${what}: /${base.prefix + block} is past the ${bits}-bit address`);
  }
  if (i < 0n || i > (1n << BigInt(block)) - 1n) {
    throw new RangeError(`index ${i} does not fit in ${block} bit${block === 1 ? '' : 's'} (0..${(1n << BigInt(block)) - 1n})`);
  }
  const shift = BigInt(bits - base.prefix - block);
  return { family: base.family, value: networkOf(base).value | (i << shift), prefix: base.prefix + block };
}
