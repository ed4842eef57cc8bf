import { chooseAddressSource } from './address-source';
import type { IpvlanConf } from './config';

const base: IpvlanConf = { cniVersion: '1.0.0', mode: 'l2', linkInContainer: false };
const prevResult = { cniVersion: '1.1.0', interfaces: [{ name: 'eth0' }], ips: [{ address: '10.1.0.5/24' }] };

describe('chooseAddressSource', () => {
  it('prefers ipam.type even when a prevResult has IPs', () => {
    expect(chooseAddressSource({ ...base, ipamType: 'static', prevResult })).toEqual({ kind: 'ipam', type: 'static' });
  });

  it("reuses prevResult's IPs when chained without ipam", () => {
    expect(chooseAddressSource({ ...base, prevResult })).toEqual({ kind: 'prevResult', result: prevResult });
  });

  it.each([
    ['no prevResult', undefined],
    ['a prevResult without IPs', { cniVersion: '1.1.0', interfaces: [{ name: 'eth0' }] }],
  ])('is a config error (7, ipam) with neither ipam nor IPs: %s', (_label, prev) => {
    expect(() => chooseAddressSource({ ...base, prevResult: prev })).toThrow(expect.objectContaining({ code: 7, msg: 'invalid ipam' }));
  });
});
