import { formatCidr, parseCidr, type Cidr } from '@plexus/ip';
import { hostBlockAt, hostCapacity, interfaceBlockAt, type Layout } from './layout';
import { findTabuRanges, nthFreeIndex } from './tabu-ranges';

const cidr = (s: string): Cidr => parseCidr(s)!;
const layout = (subnet: string, m: number, n: number, excludes: string[] = []): Layout => ({
  subnet: cidr(subnet),
  interfaceBits: m,
  hostBits: n,
  excludes: excludes.map(cidr),
});
const host = (l: Layout, position: number, hostIndex: number): [string, string] => {
  const b = hostBlockAt(l, position, hostIndex);
  return [formatCidr(b.interfaceBlock), formatCidr(b.hostBlock)];
};

describe('the worked example (192.168.0.0/16, m=2, n=6)', () => {
  const l = layout('192.168.0.0/16', 2, 6);
  it.each([
    [0, 0, '192.168.0.0/18', '192.168.0.0/24'], // host 0 eth1
    [1, 0, '192.168.64.0/18', '192.168.64.0/24'], // host 0 eth2
    [0, 1, '192.168.0.0/18', '192.168.1.0/24'], // host 1 eth1
    [1, 1, '192.168.64.0/18', '192.168.65.0/24'], // host 1 eth2
    [0, 63, '192.168.0.0/18', '192.168.63.0/24'],
    [3, 63, '192.168.192.0/18', '192.168.255.0/24'],
  ])('pool position %d, host %d → interface block %s, host block %s', (pos, h, iface, hostBlock) => {
    expect(host(l, pos, h)).toEqual([iface, hostBlock]);
  });

  it('refuses an interface or host index beyond its bits', () => {
    expect(() => interfaceBlockAt(l, 4)).toThrow(/master #4 needs an interface block, but interfaceBlock 2 gives 192\.168\.0\.0\/16 only 4 usable/);
    expect(() => hostBlockAt(l, 0, 64)).toThrow(/host index 64 does not fit: hostBlock 6 gives interface block 192\.168\.0\.0\/18 64 usable/);
  });

  it('has room for 64 hosts', () => expect(hostCapacity(l, 2)).toBe(64n));
});

describe('excludeCIDRs', () => {
  it('skips an interface block an exclude covers: the next master takes the next block', () => {
    const l = layout('192.168.0.0/16', 2, 6, ['192.168.0.0/18']);
    expect(host(l, 0, 0)).toEqual(['192.168.64.0/18', '192.168.64.0/24']);
    expect(host(l, 1, 1)).toEqual(['192.168.128.0/18', '192.168.129.0/24']);
    expect(host(l, 2, 0)).toEqual(['192.168.192.0/18', '192.168.192.0/24']);
    expect(() => interfaceBlockAt(l, 3)).toThrow(/only 3 usable interface block/);
  });

  it('skips every interface block a wider exclude covers', () => {
    const l = layout('192.168.0.0/16', 2, 6, ['192.168.0.0/17']);
    expect(formatCidr(interfaceBlockAt(l, 0).block)).toBe('192.168.128.0/18');
    expect(interfaceBlockAt(l, 0).index).toBe(2n);
  });

  it('skips a host block an exclude covers, in that interface block only', () => {
    const l = layout('192.168.0.0/16', 2, 6, ['192.168.0.0/24']);
    expect(host(l, 0, 0)).toEqual(['192.168.0.0/18', '192.168.1.0/24']);
    expect(host(l, 0, 1)).toEqual(['192.168.0.0/18', '192.168.2.0/24']);
    expect(host(l, 1, 0)).toEqual(['192.168.64.0/18', '192.168.64.0/24']);
    expect(hostBlockAt(l, 0, 0).hostBlockIndex).toBe(1n);
    expect(hostCapacity(l, 2)).toBe(63n);
  });

  it('keeps a block that only a narrower exclude touches (its addresses are skipped one by one instead)', () => {
    const l = layout('192.168.0.0/16', 2, 6, ['192.168.0.0/25', '192.168.64.7/32']);
    expect(host(l, 0, 0)).toEqual(['192.168.0.0/18', '192.168.0.0/24']);
    expect(host(l, 1, 0)).toEqual(['192.168.64.0/18', '192.168.64.0/24']);
  });

  it('ignores excludes outside the subnet and of the other family', () => {
    const l = layout('192.168.0.0/16', 2, 6, ['10.0.0.0/8', '192.169.0.0/16', 'fd00::/8']);
    expect(host(l, 0, 0)).toEqual(['192.168.0.0/18', '192.168.0.0/24']);
  });

  it('leaves nothing when an exclude covers the whole subnet', () => {
    const l = layout('192.168.0.0/16', 2, 6, ['192.168.0.0/15']);
    expect(() => interfaceBlockAt(l, 0)).toThrow(/only 0 usable interface block/);
  });

  it('computes the capacity as the smallest number of usable host blocks over the pool', () => {
    const l = layout('192.168.0.0/16', 2, 6, ['192.168.0.0/24', '192.168.1.0/24', '192.168.64.0/22']);
    expect(hostCapacity(l, 1)).toBe(62n);
    expect(hostCapacity(l, 2)).toBe(60n);
  });
});

describe('IPv6', () => {
  it.each([
    ['fd00::/48', 8, 8, [], 0, 0, 'fd00::/56', 'fd00::/64'],
    ['fd00::/48', 8, 8, [], 1, 3, 'fd00:0:0:100::/56', 'fd00:0:0:103::/64'],
    ['fd00::/48', 8, 8, ['fd00:0:0:100::/56'], 1, 3, 'fd00:0:0:200::/56', 'fd00:0:0:203::/64'],
    ['fd00::/48', 8, 8, ['fd00::/64'], 0, 0, 'fd00::/56', 'fd00:0:0:1::/64'],
    ['2001:db8::/32', 2, 30, [], 3, 5, '2001:db8:c000::/34', '2001:db8:c000:5::/64'],
    ['fd00:1::/64', 4, 4, [], 2, 1, 'fd00:1:0:0:2000::/68', 'fd00:1:0:0:2100::/72'],
  ] as Array<[string, number, number, string[], number, number, string, string]>)(
    '%s m=%d n=%d excludes %j: position %d host %d → %s, %s',
    (subnet, m, n, excludes, pos, h, iface, hostBlock) => {
      expect(host(layout(subnet, m, n, excludes), pos, h)).toEqual([iface, hostBlock]);
    },
  );
});

describe('nthFreeIndex', () => {
  it.each([
    [[], 0, 4n, 0n],
    [[[0n, 0n]], 0, 4n, 1n],
    [[[1n, 1n]], 0, 4n, 0n],
    [[[1n, 1n]], 1, 4n, 2n],
    [[[0n, 0n], [2n, 2n]], 1, 4n, 3n],
    [[[0n, 1n]], 2, 4n, undefined],
    [[], 4, 4n, undefined],
    [[], -1, 4n, undefined],
  ] as Array<[Array<[bigint, bigint]>, number, bigint, bigint | undefined]>)('tabu %j ordinal %d of %d → %s', (tabu, ordinal, count, want) => {
    expect(nthFreeIndex(ordinal, count, tabu.map(([lo, hi]) => ({ lo, hi })))).toBe(want);
  });

  it('merges overlapping and touching tabu ranges', () => {
    const ranges = findTabuRanges(cidr('10.0.0.0/16'), 8, [cidr('10.0.4.0/22'), cidr('10.0.6.0/24'), cidr('10.0.8.0/24'), cidr('10.0.1.0/24')]);
    expect(ranges).toEqual([{ lo: 1n, hi: 1n }, { lo: 4n, hi: 8n }]);
  });
});
