import { decodeNetConf, type CniError } from '@plexus/cni-spec';
import { catchCniError } from '@plexus/cni-spec/testing';
import { loadFakeIpamConfig } from './config';

function load(conf: Record<string, unknown>) {
  return loadFakeIpamConfig(decodeNetConf(JSON.stringify({ cniVersion: '1.0.0', name: 'net1', type: 'ipvlan', ...conf })));
}

const errorOfLoad = (conf: Record<string, unknown>): CniError => catchCniError(() => load(conf));

const simplify = (conf: Record<string, unknown>) => load(conf).addresses.map(({ address, gateway }) => (gateway ? [address, gateway] : [address]));

describe('address lists', () => {
  it("reads DANM's ipam.ips, dual stack, with numeric or string versions and optional gateways", () => {
    const ips = [
      { ipcidr: '10.0.0.5/24', version: 4, gateway: '10.0.0.1' },
      { ipcidr: '2a00::5/64', version: '6' },
      { ipcidr: 'FD00::0:7/64' },
    ];
    expect(simplify({ ipam: { type: 'fakeipam', ips } })).toEqual([['10.0.0.5/24', '10.0.0.1'], ['2a00::5/64'], ['fd00::7/64']]);
  });

  it('reads static-style ipam.addresses', () => {
    expect(simplify({ ipam: { type: 'fakeipam', addresses: [{ address: '10.0.0.5/24', gateway: '10.0.0.1' }, { address: 'fd00::5/64' }] } })).toEqual([
      ['10.0.0.5/24', '10.0.0.1'],
      ['fd00::5/64'],
    ]);
  });

  it('passes routes (1.1.0 fields at 1.1.0 only) and dns through', () => {
    const routes = [{ dst: '0.0.0.0/0', gw: '10.0.0.1', mtu: 1400, table: 10 }];
    const ipam = { type: 'fakeipam', ips: [{ ipcidr: '10.0.0.5/24', version: 4 }], routes, dns: { nameservers: ['10.0.0.53'] } };
    expect(load({ cniVersion: '1.1.0', ipam })).toMatchObject({ routes, dns: { nameservers: ['10.0.0.53'] } });
    expect(load({ ipam }).routes).toEqual([{ dst: '0.0.0.0/0', gw: '10.0.0.1' }]);
  });

  it('ignores CNI_ARGS-style and top-level keys it does not own', () => {
    expect(load({ args: { cni: { ips: ['10.9.0.1/24'] } }, runtimeConfig: { ips: ['10.7.0.1/24'] }, ipam: { ips: [{ ipcidr: '10.0.0.5/24' }] } }).addresses).toHaveLength(1);
  });
});

describe('empty address list', () => {
  it("is DANM's error by default (code 7 naming ipam.ips)", () => {
    for (const ipam of [{ type: 'fakeipam' }, { type: 'fakeipam', ips: [] }, { type: 'fakeipam', ips: null, addresses: [] }]) {
      const err = errorOfLoad({ ipam });
      expect([err.code, err.msg]).toEqual([7, 'invalid ipam.ips']);
      expect(err.details).toContain('No IP was passed to fake IPAM');
    }
  });

  it('is an empty answer with ipam.allowEmpty: true (L2-only attachment)', () => {
    expect(load({ ipam: { type: 'fakeipam', allowEmpty: true } })).toEqual({ addresses: [], routes: [] });
  });

  it('cannot be expressed at 0.2.0 even when allowed', () => {
    const err = errorOfLoad({ cniVersion: '0.2.0', ipam: { type: 'fakeipam', allowEmpty: true } });
    expect([err.code, err.msg]).toEqual([7, 'invalid ipam.allowEmpty']);
  });
});

describe('invalid config: code 7 naming the field', () => {
  it.each([
    ['invalid ipam', {}],
    ['invalid ipam.ips', { ipam: { ips: { ipcidr: '10.0.0.5/24' } } }],
    ['invalid ipam.ips[0]', { ipam: { ips: ['10.0.0.5/24'] } }],
    ['invalid ipam.ips[0].ipcidr', { ipam: { ips: [{ version: 4 }] } }],
    ['invalid ipam.ips[1].ipcidr', { ipam: { ips: [{ ipcidr: '10.0.0.5/24' }, { ipcidr: '10.0.0.6' }] } }],
    ['invalid ipam.ips[0].version', { ipam: { ips: [{ ipcidr: '10.0.0.5/24', version: 6 }] } }],
    ['invalid ipam.ips[0].version', { ipam: { ips: [{ ipcidr: 'fd00::5/64', version: '4' }] } }],
    ['invalid ipam.ips[0].version', { ipam: { ips: [{ ipcidr: '10.0.0.5/24', version: 5 }] } }],
    ['invalid ipam.ips[0].gateway', { ipam: { ips: [{ ipcidr: '10.0.0.5/24', gateway: 'x' }] } }],
    ['invalid ipam.addresses[0].address', { ipam: { addresses: [{ address: '10.0.0.5' }] } }],
    ['invalid ipam.ips, ipam.addresses', { ipam: { ips: [{ ipcidr: '10.0.0.5/24' }], addresses: [{ address: '10.0.0.6/24' }] } }],
    ['invalid ipam.allowEmpty', { ipam: { allowEmpty: 'yes' } }],
    ['invalid ipam.routes[0].dst', { ipam: { ips: [{ ipcidr: '10.0.0.5/24' }], routes: [{ dst: '10.0.0.0' }] } }],
    ['invalid ipam.dns.nameservers', { ipam: { ips: [{ ipcidr: '10.0.0.5/24' }], dns: { nameservers: 'x' } } }],
    ['invalid ipam.ips[0].ipcidr, ipam.ips[1].ipcidr', { cniVersion: '0.2.0', ipam: { ips: [{ ipcidr: '10.0.0.5/24' }, { ipcidr: '10.0.0.6/24' }] } }],
  ])('%s', (msg, conf) => {
    const err = errorOfLoad(conf);
    expect([err.code, err.msg]).toEqual([7, msg]);
  });
});
