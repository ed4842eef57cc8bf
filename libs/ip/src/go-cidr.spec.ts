import { parseCidr } from './cidr';
import { parseGoCidr, parseGoIp } from './go-cidr';

describe('parseGoCidr (Go net.ParseCIDR + To4 canonicalisation)', () => {
  it.each([
    ['10.0.0.5/24', '10.0.0.5/24', 4],
    ['10.0.0.1/024', '10.0.0.1/24', 4],
    ['10.0.0.1/0', '10.0.0.1/0', 4],
    ['FD00:0:0::0001/64', 'fd00::1/64', 6],
    ['fd00::1.2.3.4/120', 'fd00::102:304/120', 6],
    ['::1.2.3.4/128', '::102:304/128', 6],
    ['::ffff:10.250.0.5/120', '10.250.0.5/24', 4],
    ['::ffff:a0a:a01/128', '10.10.10.1/32', 4],
    ['2001:db8:0:0:1:0:0:1/64', '2001:db8::1:0:0:1/64', 6],
  ])('%s → %s', (input, text, family) => {
    expect(parseGoCidr(input)).toMatchObject({ text, family });
  });

  it.each([
    '10.0.0.5',
    '10.0.0.5/',
    '10.0.0.5/33',
    '10.0.0.5/+8',
    'fd00::/129',
    '010.0.0.1/24',
    '10.0.0.300/24',
    '::1.2.3.04/128',
    'fe80::1%eth0/64',
    '::ffff:10.0.0.1/64',
    ' 10.0.0.1/24',
    '',
  ])('rejects %j', (input) => {
    expect(parseGoCidr(input)).toBeUndefined();
  });
});

describe('parseGoIp', () => {
  it('prints an IPv4-mapped address as IPv4, IPv6 per RFC 5952', () => {
    expect(parseGoIp('::ffff:1.2.3.4')).toEqual({ family: 4, ip: '1.2.3.4' });
    expect(parseGoIp('FD00::0:1')).toEqual({ family: 6, ip: 'fd00::1' });
  });
  it('rejects prefixes, zones and leading zeros', () => {
    for (const s of ['10.0.0.1/8', 'fe80::1%eth0', '10.00.0.1', 'bad', '']) expect(parseGoIp(s)).toBeUndefined();
  });
});

describe('parseCidr and parseGoCidr share one parse', () => {
  it('differ only in prefix digits and IPv4-mapped addresses', () => {
    expect(parseGoCidr('10.0.0.1/0024')).toMatchObject({ text: '10.0.0.1/24', value: 0x0a000001n, prefix: 24 });
    expect(parseCidr('10.0.0.1/0024')).toBeUndefined();
    expect(parseCidr('::ffff:10.0.0.1/120')).toEqual({ family: 6, value: 0xffff0a000001n, prefix: 120 });
    expect(parseGoCidr('::ffff:10.0.0.1/120')).toMatchObject({ family: 4, value: 0x0a000001n, prefix: 24 });
    for (const s of ['10.0.0.5/24', 'fd00::1/64', '10.0.0.5/33', 'x/1']) {
      const plain = parseCidr(s);
      const go = parseGoCidr(s);
      expect(go && { family: go.family, value: go.value, prefix: go.prefix }).toEqual(plain);
    }
  });
});
