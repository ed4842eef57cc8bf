import { CniCode } from '@plexus/cni-spec';
import type { DanmNetworkRef } from '../../plan/network-request';
import { caughtSync } from '../testing/source-fixture';
import { parseDanmNetwork } from './parse-danm-network';

const danmNet: DanmNetworkRef = { kind: 'DanmNet', namespace: 'ns', name: 'data' };
const cluster: DanmNetworkRef = { kind: 'ClusterNetwork', name: 'shared' };
const pod = { namespace: 'ns', name: 'p' };
const parse = (spec: unknown, ref = danmNet) => parseDanmNetwork({ metadata: { name: ref.name }, spec } as never, ref, pod);

describe('parseDanmNetwork', () => {
  it('applies defaults to a minimal network', () => {
    expect(parse({ cidr: '10.0.0.0/24' })).toEqual({
      ref: danmNet,
      networkId: 'data',
      networkType: 'ipvlan',
      integration: 'dynamic',
      v4: { family: 4, cidr: '10.0.0.0/24', start: '10.0.0.1', end: '10.0.0.254' },
      routes: [],
      policyRoutes: [],
      gateways: [],
    });
  });

  it('reads every key', () => {
    const net = parse({
      networkID: 'dnet1',
      networkType: 'macvlan',
      hostDevice: 'ens4',
      cidr: '10.0.0.0/24',
      allocationPool: { start: '10.0.0.10', end: '10.0.0.20', lastIp: '10.0.0.12' },
      cidr6: '2001:db8:1::/64',
      allocationPool6: { start: '2001:db8:1::10', end: '2001:db8:1::ff' },
      routes: { '10.1.0.0/16': '10.0.0.1', '2001:db8:2::/64': '2001:db8:1::1' },
      policyRoutes: { '10.2.0.0/16': '10.0.0.65' },
      routingTable: 10,
      containerPrefix: 'data',
      vlan: 200,
      allocations: { '10.0.0.10': { containerId: 'c', ifName: 'eth1' } },
    });
    expect(net).toEqual({
      ref: danmNet,
      networkId: 'dnet1',
      networkType: 'macvlan',
      integration: 'dynamic',
      master: 'dnet1.200',
      v4: { family: 4, cidr: '10.0.0.0/24', start: '10.0.0.10', end: '10.0.0.20' },
      v6: { family: 6, cidr: '2001:db8:1::/64', start: '2001:db8:1::10', end: '2001:db8:1::ff' },
      routes: [
        { family: 4, dst: '10.1.0.0/16', gw: '10.0.0.1' },
        { family: 6, dst: '2001:db8:2::/64', gw: '2001:db8:1::1' },
      ],
      policyRoutes: [{ family: 4, dst: '10.2.0.0/16', gw: '10.0.0.65' }],
      routingTable: 10,
      containerPrefix: 'data',
      vlan: 200,
      gateways: ['10.0.0.1', '2001:db8:1::1', '10.0.0.65'],
    });
  });

  it.each([
    [{ networkType: 'flannel' }, 'static', undefined],
    [{ networkType: 'multi-nic', multiNic: { ipam: { type: 'multi-nic-ipam' } } }, 'dynamic', undefined],
    [{ hostDevice: 'eth1', vxlan: 99 }, 'dynamic', 'vx_data'],
    [{ hostDevice: 'eth1' }, 'dynamic', 'eth1'],
  ])('classifies %j', (spec, integration, master) => {
    const net = parse(spec);
    expect(net.integration).toBe(integration);
    expect(net.master).toBe(master);
  });

  it('defaults a multi-nic network plugin to ipvlan l3 and a v6 pool to the whole network minus its first address', () => {
    expect(parse({ networkType: 'multi-nic', multiNic: { ipam: { type: 'multi-nic-ipam' } } }).multiNic).toEqual({ plugin: { type: 'ipvlan', mode: 'l3' }, ipam: { type: 'multi-nic-ipam' } });
    expect(parse({ cidr6: '2001:db8::/120' }).v6).toEqual({ family: 6, cidr: '2001:db8::/120', start: '2001:db8::1', end: '2001:db8::ff' });
  });

  it('reads allowedTenants of a ClusterNetwork', () => {
    expect(parse({ allowedTenants: ['a', 'b'] }, cluster).allowedTenants).toEqual(['a', 'b']);
  });

  it.each<[string, unknown, string, string, DanmNetworkRef?]>([
    ['no spec', undefined, 'spec', 'must be an object'],
    ['unknown key', { cidrs: '10.0.0.0/24' }, 'spec.cidrs', 'unknown field'],
    ['bad type', { networkType: '../bin/sh' }, 'spec.networkType', 'not a plugin type'],
    ['type not a string', { networkType: 3 }, 'spec.networkType', 'must be a string'],
    ['traversing networkID', { networkType: 'flannel', networkID: '../../etc/x' }, 'spec.networkID', 'contains "/"'],
    ['dotdot networkID', { networkType: 'flannel', networkID: 'a..b' }, 'spec.networkID', 'contains ".."'],
    ['NUL networkID', { networkType: 'flannel', networkID: 'a\0' }, 'spec.networkID', 'NUL'],
    ['hidden networkID', { networkType: 'flannel', networkID: '.x' }, 'spec.networkID', 'must match'],
    ['cidr not a CIDR', { cidr: '10.0.0.0' }, 'spec.cidr', 'not an IPv4 CIDR'],
    ['cidr v6 in cidr', { cidr: '2001:db8::/64' }, 'spec.cidr', 'not an IPv4 CIDR'],
    ['cidr host bits', { cidr: '10.0.0.5/24' }, 'spec.cidr', 'host bits'],
    ['cidr6 v4', { cidr6: '10.0.0.0/24' }, 'spec.cidr6', 'not an IPv6 CIDR'],
    ['pool without cidr', { allocationPool: { start: '10.0.0.1' } }, 'spec.allocationPool', 'spec.cidr is not'],
    ['pool a string', { cidr: '10.0.0.0/24', allocationPool: '10.0.0.1-10.0.0.9' }, 'spec.allocationPool', 'must be an object'],
    ['pool unknown key', { cidr: '10.0.0.0/24', allocationPool: { first: '10.0.0.1' } }, 'spec.allocationPool.first', 'unknown field'],
    ['pool start outside', { cidr: '10.0.0.0/24', allocationPool: { start: '10.0.1.1' } }, 'spec.allocationPool.start', 'not a usable address'],
    ['pool start network', { cidr: '10.0.0.0/24', allocationPool: { start: '10.0.0.0' } }, 'spec.allocationPool.start', 'not a usable address'],
    ['pool end broadcast', { cidr: '10.0.0.0/24', allocationPool: { end: '10.0.0.255' } }, 'spec.allocationPool.end', 'not a usable address'],
    ['pool reversed', { cidr: '10.0.0.0/24', allocationPool: { start: '10.0.0.9', end: '10.0.0.2' } }, 'spec.allocationPool', 'holds no address'],
    ['pool /31', { cidr: '10.0.0.0/31' }, 'spec.allocationPool', 'holds no address'],
    ['pool lastIp bad', { cidr: '10.0.0.0/24', allocationPool: { lastIp: 'x' } }, 'spec.allocationPool.lastIp', 'not an IPv4 address'],
    ['routes a list', { routes: ['10.1.0.0/16'] }, 'spec.routes', 'must be an object'],
    ['route dst bad', { routes: { '10.1.0.0': '10.0.0.1' } }, 'spec.routes["10.1.0.0"]', 'destination CIDR'],
    ['route dst host bits', { routes: { '10.1.0.1/16': '10.0.0.1' } }, 'spec.routes["10.1.0.1/16"]', 'host bits'],
    ['route gw family', { routes: { '10.1.0.0/16': '2001:db8::1' } }, 'spec.routes["10.1.0.0/16"]', 'not an IPv4 address'],
    ['policyRoutes without table', { policyRoutes: { '10.2.0.0/16': '10.0.0.1' } }, 'spec.policyRoutes', 'needs spec.routingTable'],
    ['routingTable main', { routingTable: 254 }, 'spec.routingTable', 'reserves'],
    ['routingTable zero', { routingTable: 0 }, 'spec.routingTable', 'whole number'],
    ['routingTable string', { routingTable: '10' }, 'spec.routingTable', 'whole number'],
    ['hostDevice bad', { hostDevice: 'eth 1' }, 'spec.hostDevice', 'contains'],
    ['vlan out of range', { vlan: 4095 }, 'spec.vlan', 'whole number'],
    ['vlan and vxlan', { vlan: 10, vxlan: 10 }, 'spec.vxlan', 'mutually exclusive'],
    ['derived vlan device too long', { networkID: 'averylongid', vlan: 4000 }, 'spec.networkID', 'longer than 15'],
    ['containerPrefix too long', { containerPrefix: 'abcdefghijklmno' }, 'spec.containerPrefix', 'longer than 15'],
    ['containerPrefix slash', { containerPrefix: 'a/b' }, 'spec.containerPrefix', 'contains'],
    ['containerPrefix with a 0xA0 byte (issue 11)', { containerPrefix: 'd\u00e0' }, 'spec.containerPrefix', 'which the kernel counts as a space'],
    ['allowedTenants on a DanmNet', { allowedTenants: ['a'] }, 'spec.allowedTenants', 'only a ClusterNetwork'],
    ['allowedTenants string', { allowedTenants: 'a' }, 'spec.allowedTenants', 'must be a list', cluster],
    ['allowedTenants bad ns', { allowedTenants: ['A'] }, 'spec.allowedTenants[0]', 'lower case', cluster],
    ['multiNic on ipvlan', { multiNic: { ipam: {} } }, 'spec.multiNic', 'only applies'],
    ['multi-nic without multiNic', { networkType: 'multi-nic' }, 'spec.multiNic', 'needs {plugin?, ipam}'],
    ['multi-nic without ipam type', { networkType: 'multi-nic', multiNic: { ipam: {} } }, 'spec.multiNic.ipam', 'ipam object'],
    ['multi-nic bad plugin', { networkType: 'multi-nic', multiNic: { plugin: { type: 'multi-nic' }, ipam: { type: 'x' } } }, 'spec.multiNic.plugin', 'per-NIC plugin'],
    ['multi-nic unknown key', { networkType: 'multi-nic', multiNic: { ipam: { type: 'x' }, nics: 2 } }, 'spec.multiNic.nics', 'unknown field'],
    // A rest parameter keeps the arity at 0: jest would otherwise pass its `done` callback as the missing `ref`.
  ])('refuses %s with code 7 naming the field', (...[, spec, field, problem, ref]) => {
    const e = caughtSync(() => parse(spec, ref));
    expect(e.code).toBe(CniCode.InvalidConfig);
    expect(e.msg).toBe(`invalid ${field}`);
    expect(e.details).toContain(`pod "ns/p", network "${ref?.kind ?? 'DanmNet'} ${ref ? '' : 'ns/'}${ref?.name ?? 'data'}"`);
    expect(e.details).toContain(problem);
  });
});
