import { broadcastOf, canonicalCidr, canonicalIp, containsCidr, containsIp, formatIp, networkOf, overlaps, parseCidr, parseIp } from './cidr';

describe('parse and format', () => {
  it.each([
    ['10.0.0.5/24', '10.0.0.5/24'],
    ['fd00:0:0::5/64', 'fd00::5/64'],
    ['2001:DB8::1/128', '2001:db8::1/128'],
    ['0.0.0.0/0', '0.0.0.0/0'],
  ])('canonicalCidr(%s) = %s', (a, b) => expect(canonicalCidr(a)).toBe(b));

  it.each(['10.0.0.5', '10.0.0.5/33', 'fd00::/129', '10.0.0/8', '010.0.0.1/8', 'x/1', '10.0.0.1/-1', '', '10.0.0.1/ 8'])('rejects %s', (s) => {
    expect(parseCidr(s)).toBeUndefined();
  });

  it('parses plain addresses only', () => {
    expect(canonicalIp('fd00::0:1')).toBe('fd00::1');
    expect(parseIp('10.0.0.1/8')).toBeUndefined();
    expect(formatIp(4, 0xc0a80001n)).toBe('192.168.0.1');
    expect(canonicalIp('::1.2.3.4')).toBe('::102:304');
    expect(canonicalIp('::ffff:1.2.3.4')).toBe('::ffff:102:304');
    expect(parseIp('::1.2.3.04')).toBeUndefined();
    expect(parseIp('010.0.0.1')).toBeUndefined();
  });
});

describe('network math', () => {
  const net = parseCidr('192.168.64.77/18')!;
  it('finds network and broadcast', () => {
    expect(formatIp(4, networkOf(net).value)).toBe('192.168.64.0');
    expect(formatIp(4, broadcastOf(net))).toBe('192.168.127.255');
  });
  it('tests containment and overlap across families', () => {
    expect(containsIp(net, parseIp('192.168.100.1')!)).toBe(true);
    expect(containsIp(net, parseIp('192.168.128.1')!)).toBe(false);
    expect(containsIp(net, parseIp('::ffff:192.168.100.1')!)).toBe(false);
    expect(containsCidr(parseCidr('10.0.0.0/8')!, parseCidr('10.1.0.0/16')!)).toBe(true);
    expect(containsCidr(parseCidr('10.1.0.0/16')!, parseCidr('10.0.0.0/8')!)).toBe(false);
    expect(overlaps(parseCidr('fd00::/48')!, parseCidr('fd00:0:0:1::/64')!)).toBe(true);
    expect(overlaps(parseCidr('fd00::/64')!, parseCidr('fd00:0:0:1::/64')!)).toBe(false);
  });
});
