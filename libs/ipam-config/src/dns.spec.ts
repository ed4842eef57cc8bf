import { parseDns } from './dns';

describe('parseDns', () => {
  it('keeps the four keys as written and drops unknown ones', () => {
    expect(parseDns({ nameservers: ['10.0.0.53'], domain: 'a.local', search: ['a.local'], options: ['ndots:2'], extra: 1 }, 'ipam.dns')).toEqual({
      nameservers: ['10.0.0.53'],
      domain: 'a.local',
      search: ['a.local'],
      options: ['ndots:2'],
    });
    expect(parseDns(undefined, 'ipam.dns')).toBeUndefined();
    expect(parseDns({}, 'ipam.dns')).toEqual({});
  });

  it('names the bad field', () => {
    expect(() => parseDns({ nameservers: '10.0.0.53' }, 'ipam.dns')).toThrow('invalid ipam.dns.nameservers');
    expect(() => parseDns({ search: ['a', 2] }, 'ipam.dns')).toThrow('invalid ipam.dns.search[1]');
    expect(() => parseDns('x', 'ipam.dns')).toThrow('invalid ipam.dns');
  });
});
