import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAddrs } from './parse-addrs';
import { parseLinks } from './parse-links';
import { parseRoutes } from './parse-routes';
import { parseRules } from './parse-rules';

// Fixtures are real output of iproute2 6.1 on Linux 6.18, captured in a throwaway netns holding a veth (plxri-v0,
// peer in another netns), a bridge with a veth port, a macvlan on plxri-v0, v4/v6 addresses, routes of every kind
// (metric, table 100, ECMP, blackhole, mtu/advmss, link scope) and rules. The capture commands are in the names:
// link-details = `ip -j -d link show`, route4-all = `ip -N -j -d route show table all`, etc.
const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseLinks (ip -j -d link show)', () => {
  const links = parseLinks(fixture('link-details.json'));
  const byName = (n: string) => links.find((l) => l.name === n)!;

  it('reads name, index, mtu, mac, up and kind', () => {
    expect(links.map((l) => l.name)).toEqual(['lo', 'plxri-v2', 'plxri-br0', 'plxri-mv0', 'plxri-v0']);
    expect(byName('lo')).toEqual({ name: 'lo', index: 1, mtu: 65536, up: true, mac: '00:00:00:00:00:00' });
    expect(byName('plxri-v0')).toMatchObject({ index: 5, kind: 'veth', mtu: 1400, up: true, mac: 'a2:05:f6:a4:bd:28' });
    expect(byName('plxri-br0')).toMatchObject({ kind: 'bridge', up: true });
  });

  it('resolves a same-netns parent by name and keeps a cross-netns peer index', () => {
    expect(byName('plxri-mv0')).toMatchObject({ kind: 'macvlan', parentName: 'plxri-v0', parentIndex: 5, up: false });
    expect(byName('plxri-v0').parentIndex).toBe(2);
    expect(byName('plxri-v0').parentName).toBeUndefined();
  });

  it('reports the bridge a port is enslaved to', () => {
    expect(byName('plxri-v2').master).toBe('plxri-br0');
  });

  it('reads the ipvlan mode from info_data', () => {
    // This kernel has no ipvlan module; the entry follows iproute2's ipvlan_print_opt ("mode" l2|l3|l3s, "flags").
    const json = JSON.stringify([
      { ifindex: 3, ifname: 'eth0', flags: ['BROADCAST', 'UP'], mtu: 1500, link_index: 2, linkinfo: { info_kind: 'ipvlan', info_data: { mode: 'l3s', flags: 'bridge' } } },
    ]);
    expect(parseLinks(json)[0]).toMatchObject({ kind: 'ipvlan', ipvlanMode: 'l3s', parentIndex: 2 });
  });

  it('treats empty output as no links and rejects non-JSON', () => {
    expect(parseLinks('')).toEqual([]);
    expect(() => parseLinks('Device "x" does not exist.')).toThrow(/cannot parse "ip -json link show"/);
    expect(() => parseLinks('{}')).toThrow(/did not print a JSON list/);
  });
});

describe('parseAddrs (ip -j addr show)', () => {
  it('flattens addr_info into CIDRs per interface, both families', () => {
    const addrs = parseAddrs(fixture('addr-all.json'));
    expect(addrs).toEqual([
      { address: '127.0.0.1/8', family: 4, ifName: 'lo', scope: 'host' },
      { address: '::1/128', family: 6, ifName: 'lo', scope: 'host' },
      { address: '10.98.0.5/24', family: 4, ifName: 'plxri-mv0', scope: 'global' },
      { address: '10.99.0.5/24', family: 4, ifName: 'plxri-v0', scope: 'global' },
      { address: 'fd00:99::5/64', family: 6, ifName: 'plxri-v0', scope: 'global' },
      { address: 'fe80::a005:f6ff:fea4:bd28/64', family: 6, ifName: 'plxri-v0', scope: 'link' },
    ]);
  });
});

describe('parseRoutes (ip -N -j -d route show)', () => {
  const all4 = parseRoutes(fixture('route4-all.json'), { family: 4 });
  const find = (dst: string, table = 254) => all4.find((r) => r.dst === dst && r.table === table);

  it('turns "default" and host destinations into CIDRs and numeric tables', () => {
    expect(find('0.0.0.0/0')).toEqual({ dst: '0.0.0.0/0', gw: '10.99.0.1', dev: 'plxri-v0', table: 254, scope: 0, protocol: 'boot' });
    expect(find('0.0.0.0/0', 102)).toBeDefined();
    expect(find('10.53.0.0/16', 100)).toMatchObject({ gw: '10.99.0.1', table: 100 });
    expect(find('10.98.0.5/32', 255)).toMatchObject({ type: 'local', scope: 254, protocol: 'kernel', src: '10.98.0.5' });
  });

  it('reads metric, ECMP nexthops, blackhole, mtu/advmss, link scope', () => {
    expect(find('10.50.0.0/16')!.metric).toBe(100);
    expect(find('10.52.0.0/16')).toMatchObject({
      nexthops: [
        { gw: '10.99.0.1', dev: 'plxri-v0', weight: 1 },
        { gw: '10.99.0.2', dev: 'plxri-v0', weight: 2 },
      ],
    });
    expect(find('10.52.0.0/16')!.gw).toBeUndefined();
    expect(find('10.60.0.0/16')).toMatchObject({ type: 'blackhole' });
    expect(find('10.70.0.0/16')).toMatchObject({ mtu: 1300, advmss: 1200 });
    expect(find('10.80.0.0/16')).toMatchObject({ scope: 253, src: '10.99.0.5', dev: 'plxri-v0' });
    expect(find('10.99.0.0/24')).toMatchObject({ protocol: 'kernel', scope: 253 });
  });

  it('fills in the table and dev that a filtered listing leaves out', () => {
    const t100 = parseRoutes(fixture('route4-table100.json'), { family: 4, table: 100 });
    expect(t100).toEqual([{ dst: '10.53.0.0/16', gw: '10.99.0.1', dev: 'plxri-v0', table: 100, scope: 0, protocol: 'boot' }]);
    const byDev = parseRoutes(fixture('route4-main-dev.json'), { family: 4, table: 254, dev: 'plxri-v0' });
    expect(byDev.every((r) => r.dev === 'plxri-v0' && r.table === 254)).toBe(true);
    expect(byDev.map((r) => r.dst)).toContain('0.0.0.0/0');
  });

  it('reads IPv6 routes: ::/0, metrics, multipath, local table', () => {
    const all6 = parseRoutes(fixture('route6-all.json'), { family: 6 });
    expect(all6.find((r) => r.dst === '::/0')).toMatchObject({ gw: 'fd00:99::1', metric: 50, table: 254 });
    expect(all6.find((r) => r.dst === 'fd00:52::/48')!.nexthops!.map((h) => h.gw)).toEqual(['fd00:99::1', 'fd00:99::2']);
    expect(all6.find((r) => r.dst === '::1/128')).toMatchObject({ type: 'local', table: 255 });
    expect(all6.find((r) => r.dst === 'ff00::/8')).toMatchObject({ type: 'multicast' });
  });
});

describe('parseRules (ip -N -j rule show)', () => {
  it('reads selectors with and without lengths, tables and priorities', () => {
    expect(parseRules(fixture('rule4.json'), 4)).toEqual([
      { family: 4, table: 255, priority: 0 },
      { family: 4, table: 101, from: '10.99.0.0/24', to: '10.50.0.0/16', priority: 500 },
      { family: 4, table: 103, from: '10.99.0.5/24', priority: 32764 },
      { family: 4, table: 100, from: '10.99.0.5/32', priority: 32765 },
      { family: 4, table: 254, priority: 32766 },
      { family: 4, table: 253, priority: 32767 },
    ]);
    expect(parseRules(fixture('rule6.json'), 6).slice(1, 3)).toEqual([
      { family: 6, table: 103, from: 'fd00:99::5/64', priority: 32764 },
      { family: 6, table: 100, from: 'fd00:99::5/128', priority: 32765 },
    ]);
  });

  it('maps table names printed without -N', () => {
    expect(parseRules('[{"priority":0,"src":"all","table":"local"},{"priority":32766,"src":"all","table":"main"}]', 4).map((r) => r.table)).toEqual([255, 254]);
  });
});
