import { formatIp, parseCidr, parseIp, type Cidr } from '@plexus/ip';
import { pickNextAddress, type PickOptions } from './next-fit';

const cidr = (s: string): Cidr => parseCidr(s)!;
const ip = (s: string): bigint => parseIp(s)!.value;
const pick = (block: string, o: Partial<PickOptions> = {}) => {
  const b = cidr(block);
  const v = pickNextAddress(b, { taken: new Set(), reserved: [], excludes: [], ...o });
  return v === undefined ? undefined : formatIp(b.family, v);
};

describe('pickNextAddress', () => {
  it.each<[string, Partial<PickOptions>, string | undefined]>([
    ['10.0.0.0/24', {}, '10.0.0.1'],
    ['10.0.0.0/24', { lastReserved: ip('10.0.0.7') }, '10.0.0.8'],
    // wraps after the last usable address, never to .0 or .255
    ['10.0.0.0/24', { lastReserved: ip('10.0.0.254') }, '10.0.0.1'],
    ['10.0.0.0/24', { lastReserved: ip('10.0.0.254'), taken: new Set([ip('10.0.0.1')]) }, '10.0.0.2'],
    // a cursor outside the block (state of another layout) restarts at the beginning
    ['10.0.0.0/24', { lastReserved: ip('10.9.0.7') }, '10.0.0.1'],
    ['10.0.0.0/24', { reserved: [ip('10.0.0.1'), ip('10.0.0.2')] }, '10.0.0.3'],
    ['10.0.0.0/24', { excludes: [cidr('10.0.0.0/28')] }, '10.0.0.16'],
    ['10.0.0.0/24', { excludes: [cidr('10.0.0.128/25')], lastReserved: ip('10.0.0.127') }, '10.0.0.1'],
    ['10.0.0.0/24', { excludes: [cidr('10.0.1.0/24'), cidr('fd00::/8')] }, '10.0.0.1'],
    ['10.0.0.0/30', {}, '10.0.0.1'],
    ['10.0.0.0/30', { taken: new Set([ip('10.0.0.1'), ip('10.0.0.2')]) }, undefined],
    ['10.0.0.0/31', {}, undefined],
    ['10.0.0.0/24', { excludes: [cidr('10.0.0.0/24')] }, undefined],
    // IPv6: the first address (subnet-router anycast) is skipped, the last one is usable (no broadcast)
    ['fd00::/126', { taken: new Set([ip('fd00::1'), ip('fd00::2')]) }, 'fd00::3'],
    ['fd00::/64', { lastReserved: ip('fd00::ffff:ffff:ffff:fffe') }, 'fd00::ffff:ffff:ffff:ffff'],
    // a wide exclude inside a /64 is jumped over in one step, not walked address by address
    ['fd00::/64', { excludes: [cidr('fd00::/65')] }, 'fd00::8000:0:0:0'],
    ['fd00::/64', { excludes: [cidr('fd00::/65'), cidr('fd00::8000:0:0:0/65')] }, undefined],
  ])('%s %o → %s', (block, o, want) => {
    expect(pick(block, o)).toBe(want);
  });

  it('hands out every usable address exactly once before the block is full', () => {
    const b = cidr('10.1.0.0/27');
    const taken = new Set<bigint>();
    let last: bigint | undefined;
    for (;;) {
      const v = pickNextAddress(b, { taken, reserved: [ip('10.1.0.9')], excludes: [cidr('10.1.0.16/30')], lastReserved: last });
      if (v === undefined) break;
      expect(taken.has(v)).toBe(false);
      taken.add(v);
      last = v;
    }
    // 30 usable minus the gateway and the 4 excluded addresses.
    expect(taken.size).toBe(25);
  });
});
