import { LinkNotFoundError, NetlinkError, NetnsNotFoundError, NotANetnsError, RouteNotFoundError, RuleNotFoundError, isNotFound } from './errors';
import { mapIpError } from './map-error';

// stderr texts below are what nsenter (util-linux 2.38) and iproute2 6.1 printed on this machine.
describe('mapIpError', () => {
  const ns = '/var/run/netns/x';

  it('maps nsenter failures to the netns errors', () => {
    expect(mapIpError({ args: ['link', 'show'], netns: ns, stderr: `nsenter: cannot open ${ns}: No such file or directory\n` })).toEqual(new NetnsNotFoundError(ns));
    expect(mapIpError({ args: ['link', 'show'], netns: ns, stderr: "nsenter: reassociate to namespace 'ns/net' failed: Invalid argument\n" })).toBeInstanceOf(NotANetnsError);
  });

  it('maps both "no such device" texts to LinkNotFoundError naming the link', () => {
    const a = mapIpError({ args: ['link', 'set', 'dev', 'eth9', 'up'], netns: ns, stderr: 'Cannot find device "eth9"\n' });
    expect(a).toBeInstanceOf(LinkNotFoundError);
    expect((a as LinkNotFoundError).link).toBe('eth9');
    expect(a.message).toBe(`link "eth9" not found in netns "${ns}"`);
    expect(mapIpError({ args: ['-json', 'link', 'show', 'dev', 'eth9'], stderr: 'Device "eth9" does not exist.\n' })).toBeInstanceOf(LinkNotFoundError);
  });

  it('maps a missing route (ESRCH) and a missing rule (ENOENT) on delete', () => {
    const r = mapIpError({ args: ['-4', 'route', 'del', '10.1.0.0/16', 'table', '5'], stderr: 'RTNETLINK answers: No such process\n' });
    expect(r).toBeInstanceOf(RouteNotFoundError);
    expect(r.message).toContain('route del 10.1.0.0/16 table 5');
    expect(mapIpError({ args: ['-6', 'route', 'del', 'fd00:1::/64', 'table', '5'], stderr: 'Error: FIB table does not exist.\n' })).toBeInstanceOf(RouteNotFoundError);
    expect(mapIpError({ args: ['-6', 'rule', 'del', 'from', 'fd00::5/64', 'table', '5'], stderr: 'RTNETLINK answers: No such file or directory\n' })).toBeInstanceOf(RuleNotFoundError);
  });

  it.each([
    ['RTNETLINK answers: File exists', 'exists'],
    ['Error: ipv4: Address already assigned.', 'exists'],
    ['Error: ipv6: address already assigned.', 'exists'],
    ['Error: Unknown device type.', 'not-supported'],
    ['RTNETLINK answers: Operation not supported', 'not-supported'],
    ['Error: ipv4: Address not found.', 'not-found'],
    ['Error: Nexthop has invalid gateway.', 'invalid'],
    ['Error: "nexthop" or end of line is expected instead of "table"', 'invalid'],
    ['Error: mtu greater than device maximum.', 'invalid'],
    ['Error: mtu less than device minimum.', 'invalid'],
    ['Error: An interface with the same name exists in the target netns.', 'exists'],
    ['Error: Nexthop device is not up.', 'other'],
  ])('classifies "%s" as %s', (stderr, kind) => {
    const e = mapIpError({ args: ['-4', 'route', 'add', '10.0.0.0/8'], stderr });
    expect(e).toBeInstanceOf(NetlinkError);
    expect((e as NetlinkError).kind).toBe(kind);
    expect(e.message).toBe(`ip -4 route add 10.0.0.0/8 failed: ${stderr}`);
  });

  it('tells "already gone" errors apart for DEL', () => {
    expect(isNotFound(new RouteNotFoundError('x'))).toBe(true);
    expect(isNotFound(new NetlinkError('x', 'addr del', '', 'not-found'))).toBe(true);
    expect(isNotFound(new NetlinkError('x', 'route add', '', 'exists'))).toBe(false);
    expect(isNotFound(new Error('x'))).toBe(false);
  });
});
