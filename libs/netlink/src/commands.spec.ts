import { planBatch } from './batch-plan';
import { addrCommand, describeOp, linkSetCommand, renderOp, routeCommand, ruleCommand } from './commands';
import { NetlinkError } from './errors';
import type { RouteSpec } from './kernel-objects';
import type { NetlinkOp } from './ops';

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

describe('renderOp', () => {
  it('renders routes and addresses without a family flag in a batch, so both families share one ip -batch run', () => {
    const ops: NetlinkOp[] = [
      { op: 'link.rename', name: 'tmp0', newName: 'net1' },
      { op: 'addr.add', ifName: 'net1', cidr: '10.1.0.5/24' },
      { op: 'addr.add', ifName: 'net1', cidr: 'fd00:1::5/64' },
      { op: 'link.up', name: 'net1' },
      { op: 'route.add', route: { dst: '0.0.0.0/0', gw: '10.1.0.1', dev: 'net1' } },
      { op: 'route.add', route: { dst: '::/0', gw: 'fd00:1::1', dev: 'net1' } },
    ];
    expect(ops.map((o) => renderOp(o))).toEqual([
      ['link', 'set', 'dev', 'tmp0', 'name', 'net1'],
      ['addr', 'add', '10.1.0.5/24', 'dev', 'net1'],
      ['addr', 'add', 'fd00:1::5/64', 'dev', 'net1', 'nodad'],
      ['link', 'set', 'dev', 'net1', 'up'],
      ['route', 'add', '0.0.0.0/0', 'via', '10.1.0.1', 'dev', 'net1'],
      ['route', 'add', '::/0', 'via', 'fd00:1::1', 'dev', 'net1'],
    ]);
    expect(planBatch(ops.map((o) => renderOp(o)))).toHaveLength(1);
  });

  it('keeps the flag of a rule (ip rule does not infer it) and of any command run on its own', () => {
    expect(renderOp({ op: 'rule.del', rule: { family: 6, from: 'fd00::5/64', table: 1 } })).toEqual(['-6', 'rule', 'del', 'from', 'fd00::5/64', 'table', '1']);
    expect(renderOp({ op: 'route.del', route: { dst: '10.1.0.0/16', table: 100 } }, true)).toEqual(['-4', 'route', 'del', '10.1.0.0/16', 'table', '100']);
    expect(renderOp({ op: 'addr.del', ifName: 'eth0', cidr: 'fd00::5/64' }, true)).toEqual(['-6', 'addr', 'del', 'fd00::5/64', 'dev', 'eth0']);
    expect(renderOp({ op: 'link.mtu', name: 'eth0', mtu: 1400 })).toEqual(['link', 'set', 'dev', 'eth0', 'mtu', '1400']);
    expect(renderOp({ op: 'link.del', name: 'eth0' })).toEqual(['link', 'del', 'dev', 'eth0']);
    expect(renderOp({ op: 'link.master', name: 'v0', master: 'br0' })).toEqual(['link', 'set', 'dev', 'v0', 'master', 'br0']);
  });

  it('refuses what ip -batch would split, and describes an op as its command', () => {
    expect(() => renderOp({ op: 'link.up', name: 'eth0 down' })).toThrow(NetlinkError);
    expect(describeOp({ op: 'route.add', route: { dst: '10.1.0.0/16', dev: 'eth0' } })).toBe('-4 route add 10.1.0.0/16 dev eth0');
    expect(describeOp({ op: 'link.up', name: 'a b' })).toBe('{"op":"link.up","name":"a b"}');
  });
});
