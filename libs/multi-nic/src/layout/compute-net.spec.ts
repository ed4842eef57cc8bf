import { formatCidr, parseCidr, type Cidr } from '@plexus/ip';
import { computeNet } from './compute-net';

const cidr = (s: string): Cidr => parseCidr(s)!;

describe('computeNet', () => {
  it.each([
    // multi-nic-cni internal/compute/compute_test.go
    ['192.168.0.0/16', 0, 2, '192.168.0.0/18'],
    ['192.168.0.0/16', 1, 2, '192.168.64.0/18'],
    ['192.168.0.0/16', 2, 2, '192.168.128.0/18'],
    ['192.168.0.0/16', 3, 2, '192.168.192.0/18'],
    // the index straddles a byte boundary
    ['10.0.0.0/8', 5, 12, '10.0.80.0/20'],
    ['10.0.0.0/12', 3, 7, '10.0.96.0/19'],
    ['172.30.0.0/16', 255, 8, '172.30.255.0/24'],
    // second level of the worked example: host 1 in eth2's block
    ['192.168.64.0/18', 1, 6, '192.168.65.0/24'],
    // host bits of the base are ignored, as ComputeNet masks the base
    ['192.168.7.9/16', 1, 2, '192.168.64.0/18'],
    // zero bits: the base itself
    ['10.1.0.0/16', 0, 0, '10.1.0.0/16'],
    ['10.1.0.0/30', 1, 2, '10.1.0.1/32'],
    ['fd00::/48', 0xabc, 16, 'fd00:0:0:abc::/64'],
    ['2001:db8::/32', 1, 1, '2001:db8:8000::/33'],
    ['2001:db8:1::/48', 0x1f, 5, '2001:db8:1:f800::/53'],
    ['fd00:1:2:3::/64', 3, 62, 'fd00:1:2:3::c/126'],
  ])('%s index %d in %d bits → %s', (base, index, block, want) => {
    expect(formatCidr(computeNet(cidr(base), index, block))).toBe(want);
  });

  it.each([
    ['192.168.0.0/16', 4, 2, /index 4 does not fit in 2 bits \(0\.\.3\)/],
    ['192.168.0.0/16', -1, 2, /index -1 does not fit/],
    ['10.1.0.0/16', 1, 0, /index 1 does not fit in 0 bits/],
    ['10.0.0.0/30', 0, 3, /\/33 is past the 32-bit address/],
    ['fd00::/120', 0, 9, /\/129 is past the 128-bit address/],
  ])('%s index %d in %d bits is an error', (base, index, block, message) => {
    expect(() => computeNet(cidr(base), index, block)).toThrow(message);
  });

  it('takes bigint indexes beyond 2^53 for IPv6', () => {
    expect(formatCidr(computeNet(cidr('fd00::/16'), (1n << 60n) + 1n, 64))).toBe('fd00:1000:0:0:1::/80');
  });
});
