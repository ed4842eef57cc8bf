import type { AddrInfo, LinkInfo, RouteSpec } from '@plexus/netlink';
import { chooseNics } from './choose-nics';
import { renderNicConf } from '../../reserve/multi-nic/render-nic-conf';
import { restrictToIpamPool } from './restrict-to-ipam-pool';
import { selectPoolNics } from './select-pool-nics';

const link = (name: string, up = true, kind?: string): LinkInfo => ({ name, index: 1, mtu: 1500, up, ...(kind ? { kind } : {}) });
const addr = (ifName: string, address: string, scope = 'global'): AddrInfo => ({ ifName, address, family: address.includes(':') ? 6 : 4, scope });

const view = {
  links: [link('lo', true, 'loopback'), link('eth0'), link('eth1'), link('ib1'), link('docker0'), link('down0', false), link('noaddr'), link('same0')],
  addrs: [
    addr('lo', '127.0.0.1/8', 'host'),
    addr('eth0', '192.168.0.10/24'),
    addr('eth1', '172.21.0.10/16'),
    addr('ib1', '172.22.0.10/16'),
    addr('docker0', '172.17.0.1/16'),
    addr('down0', '172.23.0.10/16'),
    addr('noaddr', 'fe80::1/64', 'link'),
    addr('same0', '192.168.0.99/24'),
  ],
  routes: [{ dst: '0.0.0.0/0', gw: '192.168.0.1', dev: 'eth0' }] as RouteSpec[],
};

describe('selectPoolNics', () => {
  it('keeps NICs that are up, IPv4-addressed and off the default-route subnet, in name order', () => {
    expect(selectPoolNics(view, { excludeNics: [] }).map((n) => n.name)).toEqual(['docker0', 'eth1', 'ib1']);
  });

  it('applies excludeNics (names and prefixes) and hostNics (restriction and order)', () => {
    expect(selectPoolNics(view, { excludeNics: ['docker*'] }).map((n) => n.name)).toEqual(['eth1', 'ib1']);
    expect(selectPoolNics(view, { excludeNics: [], hostNics: ['ib1', 'eth0', 'eth1'] }).map((n) => n.name)).toEqual(['ib1', 'eth1']);
  });

  it('follows the IPAM pool: ipam.masters by name, ipam.masterNets by subnet, in the IPAM order', () => {
    const pool = selectPoolNics(view, { excludeNics: [] });
    expect(restrictToIpamPool(pool, { masters: ['ib1', 'gone', 'eth1'] }).map((n) => n.name)).toEqual(['ib1', 'eth1']);
    expect(restrictToIpamPool(pool, { masterNets: ['172.22.0.0/16', '172.21.0.0/16'] }).map((n) => n.name)).toEqual(['ib1', 'eth1']);
    expect(restrictToIpamPool(pool, { type: 'x' })).toEqual(pool);
  });
});

describe('chooseNics', () => {
  const pool = [{ name: 'eth1', addresses: [] }, { name: 'ib1', addresses: [] }];
  it('takes all, a count, or named masters', () => {
    expect(chooseNics({ ipam: {}, plugin: {} }, pool, 'n')).toEqual(['eth1', 'ib1']);
    expect(chooseNics({ ipam: {}, plugin: {}, nics: 1 }, pool, 'n')).toEqual(['eth1']);
    expect(chooseNics({ ipam: {}, plugin: {}, masters: ['ib1'] }, pool, 'n')).toEqual(['ib1']);
  });

  it('refuses an empty pool and unknown masters with code 103', () => {
    expect(() => chooseNics({ ipam: {}, plugin: {} }, [], 'ns/n', { namespace: 'ns', name: 'p' })).toThrow(expect.objectContaining({ code: 103, msg: 'invalid masters' }));
    expect(() => chooseNics({ ipam: {}, plugin: {}, masters: ['x'] }, pool, 'n')).toThrow(expect.objectContaining({ code: 103, msg: 'invalid masters[0]' }));
  });
});

describe('renderNicConf', () => {
  it('hands the NIC its own IPAM address through fakeipam, with routes whose gateway it can reach', () => {
    const ipam = {
      cniVersion: '1.1.0',
      ips: [
        { address: '10.200.0.2/18', interface: 0 },
        { address: '10.200.64.2/18', interface: 1, gateway: '10.200.64.1' },
      ],
      routes: [{ dst: '10.9.0.0/16', gw: '10.200.64.1' }, { dst: '10.8.0.0/16' }],
      dns: { nameservers: ['10.0.0.53'] },
    };
    const conf = JSON.parse(renderNicConf({ confList: { cniVersion: '1.0.0', name: 'multi' }, plugin: { type: 'ipvlan', mode: 'l3' }, master: 'ib1', nicIndex: 1, ipam }));
    expect(conf).toEqual({
      cniVersion: '1.0.0',
      name: 'multi',
      plugins: [
        {
          type: 'ipvlan',
          mode: 'l3',
          master: 'ib1',
          ipam: { type: 'fakeipam', ips: [{ ipcidr: '10.200.64.2/18', version: 4, gateway: '10.200.64.1' }], routes: [{ dst: '10.9.0.0/16', gw: '10.200.64.1' }], dns: { nameservers: ['10.0.0.53'] } },
        },
      ],
    });
    const first = JSON.parse(renderNicConf({ confList: { cniVersion: '1.0.0', name: 'multi' }, plugin: { type: 'ipvlan' }, master: 'eth1', nicIndex: 0, ipam }));
    expect(first.plugins[0].ipam.routes).toEqual([{ dst: '10.8.0.0/16' }]);
  });
});
