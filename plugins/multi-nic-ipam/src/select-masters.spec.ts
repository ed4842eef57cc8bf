import { decodeNetConf } from '@plexus/cni-spec';
import { parseMultiNicConfig, selectMasters, type HostAddress } from '@plexus/multi-nic';
import { exampleConf } from './testing/test-deps';

const ADDRS: HostAddress[] = [
  { ifName: 'ens2', address: '10.0.2.11/24', scope: 'global' },
  { ifName: 'ens1', address: '10.0.1.11/24', scope: 'global' },
  { ifName: 'lo', address: '127.0.0.1/8', scope: 'host' },
];
const select = (ipam: Record<string, unknown>, top: Record<string, unknown> = {}, addrs = ADDRS) => {
  const c = parseMultiNicConfig(decodeNetConf(JSON.stringify(exampleConf(ipam, top))));
  return selectMasters(c.request, c.pool, addrs);
};
const NETS = { masters: undefined, masterNets: ['10.0.1.0/24', '10.0.3.0/24', '10.0.2.0/24'] };

describe('selectMasters', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, Array<[number, string]>]>([
    ['the whole pool of names', {}, {}, [[0, 'eth1'], [1, 'eth2']]],
    ['the first N of the pool', {}, { args: { cni: { nics: 1 } } }, [[0, 'eth1']]],
    ['names in the requested order', {}, { masters: ['eth2', 'eth1'] }, [[1, 'eth2'], [0, 'eth1']]],
    ['the NICs this host has of a masterNets pool', NETS, {}, [[0, 'ens1'], [2, 'ens2']]],
    ['the first N NICs this host has of a masterNets pool', NETS, { args: { cni: { nics: 2 } } }, [[0, 'ens1'], [2, 'ens2']]],
    ['a masterNets entry by name or by its subnet', NETS, { runtimeConfig: { masters: ['ens2', '10.0.1.0/24'] } }, [[2, 'ens2'], [0, 'ens1']]],
  ])('selects %s', (_what, ipam, top, want) => {
    expect(select(ipam, top).map((m) => [m.position, m.name])).toEqual(want);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, HostAddress[], string, RegExp]>([
    ['more NICs than the host has', NETS, { args: { cni: { nics: 3 } } }, ADDRS, 'args.cni.nics', /asks for 3 NICs but this host has 2 of the pool/],
    ['a pool subnet this host has no NIC in', NETS, { masters: ['10.0.3.0/24'] }, ADDRS, 'masters[0]', /this host has no NIC in 10\.0\.3\.0\/24 \(ipam.masterNets\[1\]\)/],
    ['a host without any pool NIC', NETS, {}, [], 'ipam.masterNets', /this host has no NIC in 10\.0\.1\.0\/24, 10\.0\.3\.0\/24, 10\.0\.2\.0\/24/],
    ['a NIC outside every pool subnet', NETS, { masters: ['lo'] }, ADDRS, 'masters[0]', /master "lo" is not in the pool/],
  ])('refuses %s', (_what, ipam, top, addrs, field, why) => {
    expect(() => select(ipam, top, addrs)).toThrow(expect.objectContaining({ code: 7, msg: `invalid ${field}`, details: expect.stringMatching(why) }));
  });
});
