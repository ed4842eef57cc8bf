import { addrCommand, linkSetCommand, routeCommand, ruleCommand } from './commands';
import { NetlinkError } from './errors';
import type { RouteSpec } from './netlink';
import { parseIpCommand } from './testing/parse-ip-command';

describe('routeCommand', () => {
  it('builds a full unicast route with the family flag first', () => {
    expect(routeCommand('add', { dst: '10.1.0.0/16', gw: '10.0.0.1', dev: 'eth0', table: 100, metric: 50, scope: 0, src: '10.0.0.5', mtu: 1400, advmss: 1360 })).toEqual([
      '-4', 'route', 'add', '10.1.0.0/16', 'via', '10.0.0.1', 'dev', 'eth0', 'table', '100', 'metric', '50', 'scope', '0', 'src', '10.0.0.5', 'mtu', '1400', 'advmss', '1360',
    ]);
  });

  it('puts nexthops last (iproute2 accepts nothing after them) and repeats onlink per hop', () => {
    expect(routeCommand('add', { dst: 'fd00:1::/64', table: 7, onlink: true, nexthops: [{ gw: 'fd00::1', dev: 'eth0', weight: 2 }, { gw: 'fd00::2' }] })).toEqual([
      '-6', 'route', 'add', 'fd00:1::/64', 'table', '7', 'nexthop', 'via', 'fd00::1', 'dev', 'eth0', 'weight', '2', 'onlink', 'nexthop', 'via', 'fd00::2', 'onlink',
    ]);
  });

  it('keeps a listed protocol when adding back, not when deleting', () => {
    const listed: RouteSpec = { dst: '0.0.0.0/0', gw: '10.0.0.1', dev: 'eth0', table: 254, protocol: 'dhcp' };
    expect(routeCommand('add', listed)).toEqual(['-4', 'route', 'add', '0.0.0.0/0', 'via', '10.0.0.1', 'dev', 'eth0', 'table', '254', 'proto', 'dhcp']);
    expect(routeCommand('del', listed)).toEqual(['-4', 'route', 'del', '0.0.0.0/0', 'via', '10.0.0.1', 'dev', 'eth0', 'table', '254']);
    expect(routeCommand('add', { ...listed, protocol: 'boot' })).not.toContain('proto');
  });

  it('writes a non-unicast type before the destination', () => {
    expect(routeCommand('del', { dst: '10.9.0.0/16', type: 'blackhole' })).toEqual(['-4', 'route', 'del', 'blackhole', '10.9.0.0/16']);
  });

  it.each<[string, RouteSpec]>([
    ['dst "default" is not a CIDR', { dst: 'default' }],
    ['route gw "10.0.0.1 dev lo"', { dst: '10.0.0.0/8', gw: '10.0.0.1 dev lo' }],
    ['route dev "eth0 table" contains whitespace', { dst: '10.0.0.0/8', dev: 'eth0 table' }],
    ['route metric -1 is not an unsigned', { dst: '10.0.0.0/8', metric: -1 }],
    ['route table 1.5 is not an unsigned', { dst: '10.0.0.0/8', table: 1.5 }],
  ])('refuses a value that is not an ip argument: %s', (msg, route) => {
    expect(() => routeCommand('add', route)).toThrow(NetlinkError);
    expect(() => routeCommand('add', route)).toThrow(msg);
  });
});

describe('ruleCommand, addrCommand, linkSetCommand', () => {
  it('builds rules per family', () => {
    expect(ruleCommand('add', { family: 6, from: 'fd00::5/64', table: 100, priority: 1000 })).toEqual(['-6', 'rule', 'add', 'from', 'fd00::5/64', 'table', '100', 'priority', '1000']);
    expect(ruleCommand('del', { family: 4, to: '10.0.0.0/8', table: 5 })).toEqual(['-4', 'rule', 'del', 'to', '10.0.0.0/8', 'table', '5']);
    expect(() => ruleCommand('add', { family: 4, from: 'fd00::5/64', table: 1 })).toThrow('rule from "fd00::5/64" is not an IPv4 CIDR');
  });

  it('adds nodad to IPv6 addresses only', () => {
    expect(addrCommand('add', 'eth0', 'fd00::5/64')).toEqual(['-6', 'addr', 'add', 'fd00::5/64', 'dev', 'eth0', 'nodad']);
    expect(addrCommand('add', 'eth0', 'fd00::5/64', { dad: true })).toEqual(['-6', 'addr', 'add', 'fd00::5/64', 'dev', 'eth0']);
    expect(addrCommand('add', 'eth0', '10.0.0.5/24')).toEqual(['-4', 'addr', 'add', '10.0.0.5/24', 'dev', 'eth0']);
    expect(() => addrCommand('del', 'eth0', '10.0.0.5')).toThrow('is not a CIDR');
  });

  it('names the device explicitly so a link called "up" is not a keyword', () => {
    expect(linkSetCommand('up', 'mtu', '1400')).toEqual(['link', 'set', 'dev', 'up', 'mtu', '1400']);
    expect(() => linkSetCommand('eth0', 'netns', '/run/netns/a b')).toThrow('contains whitespace');
  });
});

describe('round trip through the fake batch parser', () => {
  it.each<RouteSpec>([
    { dst: '10.1.0.0/16', gw: '10.0.0.1', dev: 'eth0', table: 100, metric: 50 },
    { dst: 'fd00:1::/64', nexthops: [{ gw: 'fd00::1', dev: 'eth0', weight: 1 }, { gw: 'fd00::2', dev: 'eth0', weight: 3 }], table: 9 },
    { dst: '0.0.0.0/0', gw: '10.0.0.1', scope: 0, src: '10.0.0.5', mtu: 1400, advmss: 1360 },
    { dst: '10.9.0.0/16', type: 'unreachable' },
    { dst: '10.8.0.0/16', dev: 'eth0', protocol: 'static' },
  ])('parses back what routeCommand built: %o', (route) => {
    expect(parseIpCommand(routeCommand('replace', route))).toEqual({ op: 'replaceRoute', route });
  });

  it('rejects an IPv6 rule without -6 like iproute2 ("Invalid source address")', () => {
    expect(() => parseIpCommand(['rule', 'add', 'from', 'fd00::5/64', 'table', '1'])).toThrow('Invalid source address');
    expect(parseIpCommand(ruleCommand('add', { family: 6, from: 'fd00::5/64', table: 1 }))).toEqual({ op: 'addRule', rule: { family: 6, from: 'fd00::5/64', table: 1 } });
  });
});
