import { parseCidr } from '@plexus/ip';
import type { HostClaim } from '../host-index/host-claim';
import { chooseRouteTable } from './choose-route-table';
import { planL3Routes } from './plan-l3-routes';

const claim = (nodeName: string, hostIndex: number, interfaces: HostClaim['interfaces']): HostClaim => ({ network: 'n', nodeName, hostIndex, interfaces });

describe('planL3Routes', () => {
  it('routes every other host block via that host on the same interface index, out of the local NIC of that index', () => {
    const routes = planL3Routes({
      subnet: parseCidr('192.168.0.0/16')!,
      table: 100,
      selfNode: 'a',
      localNics: new Map([
        [0, 'eth1'],
        [1, 'eth2'],
      ]),
      claims: [
        claim('c', 2, [
          { interfaceIndex: 0, podCIDR: '192.168.2.0/24', hostIP: '10.0.1.13' },
          { interfaceIndex: 1, podCIDR: '192.168.66.0/24', hostIP: '10.0.2.13' },
        ]),
        claim('a', 0, [{ interfaceIndex: 0, podCIDR: '192.168.0.0/24', hostIP: '10.0.1.11' }]),
        claim('b', 1, [
          { interfaceIndex: 0, podCIDR: '192.168.1.0/24', hostIP: '10.0.1.12' },
          { interfaceIndex: 1, podCIDR: '192.168.65.0/24' }, // no host IP: not routable
          { interfaceIndex: 2, podCIDR: '192.168.129.0/24', hostIP: '10.0.3.12' }, // no local NIC for index 2
        ]),
        claim('d', 3, [
          { interfaceIndex: 0, podCIDR: '10.99.0.0/24', hostIP: '10.0.1.14' }, // outside the subnet
          { interfaceIndex: 1, podCIDR: '192.168.67.0/24', hostIP: 'fd00::14' }, // other family
        ]),
      ],
    });
    expect(routes).toEqual([
      { dst: '192.168.1.0/24', gw: '10.0.1.12', dev: 'eth1', table: 100 },
      { dst: '192.168.2.0/24', gw: '10.0.1.13', dev: 'eth1', table: 100 },
      { dst: '192.168.66.0/24', gw: '10.0.2.13', dev: 'eth2', table: 100 },
    ]);
  });

  it('plans IPv6 routes', () => {
    const routes = planL3Routes({
      subnet: parseCidr('fd00::/48')!,
      table: 101,
      selfNode: 'a',
      localNics: new Map([[0, 'eth1']]),
      claims: [claim('b', 1, [{ interfaceIndex: 0, podCIDR: 'fd00:0:0:1::/64', hostIP: 'fd10::12' }])],
    });
    expect(routes).toEqual([{ dst: 'fd00:0:0:1::/64', gw: 'fd10::12', dev: 'eth1', table: 101 }]);
  });
});

describe('chooseRouteTable', () => {
  const rule = (table: number, from?: string) => ({ family: 4 as const, table, ...(from ? { from } : {}) });
  it.each<[string, ReturnType<typeof rule>[], number | undefined, number | undefined, number]>([
    ['the configured table', [rule(100, '192.168.0.0/16')], 150, undefined, 150],
    ['the table an existing rule for the subnet uses', [rule(254), rule(130, '192.168.0.0/16')], undefined, 120, 130],
    ['the remembered table', [rule(254)], undefined, 120, 120],
    ['the lowest table no rule uses', [rule(255), rule(254), rule(253), rule(100, '10.0.0.0/8'), rule(101)], undefined, undefined, 102],
  ])('picks %s', (_what, rules, configured, remembered, want) => {
    expect(chooseRouteTable('192.168.0.0/16', rules, configured, remembered)).toBe(want);
  });
});
