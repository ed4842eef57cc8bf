import type { NetConf } from '@plexus/cni-spec';
import { catchCniError } from '@plexus/cni-spec/testing';
import { parseAddressCidr, parseGateway } from './address';
import { readIpamSection } from './ipam-section';

describe('parseAddressCidr', () => {
  it('returns the canonical address, its family and where it came from', () => {
    expect(parseAddressCidr('FD00::5/64', 'runtimeConfig.ips[0]')).toEqual({ address: 'fd00::5/64', family: 6, field: 'runtimeConfig.ips[0]' });
  });

  it('refuses an address without a prefix with code 7 naming the field', () => {
    const err = catchCniError(() => parseAddressCidr('10.0.0.5', 'ipam.addresses[1].address'));
    expect(err.code).toBe(7);
    expect(err.msg).toBe('invalid ipam.addresses[1].address');
    expect(err.details).toContain('"10.0.0.5"');
  });
});

describe('parseGateway', () => {
  it('treats empty as none and canonicalises', () => {
    expect(parseGateway('', 'g')).toBeUndefined();
    expect(parseGateway(undefined, 'g')).toBeUndefined();
    expect(parseGateway('FD00::0001', 'g')).toBe('fd00::1');
  });
  it('refuses a CIDR or garbage', () => {
    expect(catchCniError(() => parseGateway('10.0.0.1/24', 'ipam.addresses[0].gateway')).msg).toBe('invalid ipam.addresses[0].gateway');
  });
});

describe('readIpamSection', () => {
  it('refuses a config without ipam (code 7 naming ipam)', () => {
    const err = catchCniError(() => readIpamSection({ cniVersion: '1.0.0', name: 'n', type: 'x' } as NetConf));
    expect([err.code, err.msg]).toEqual([7, 'invalid ipam']);
  });
});
