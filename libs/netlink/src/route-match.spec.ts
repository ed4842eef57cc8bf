import type { RouteSpec } from './kernel-objects';
import { routeMatches, ruleMatches } from './route-match';

describe('routeMatches', () => {
  const listed: RouteSpec = { dst: 'fd00:1::/64', gw: 'fd00::1', dev: 'eth0', table: 100, metric: 1024, protocol: 'boot', scope: 0 };

  it('matches on table and canonical destination; other fields only when wanted', () => {
    expect(routeMatches(listed, { dst: 'fd00:1:0::/64', table: 100 })).toBe(true);
    expect(routeMatches(listed, { dst: 'fd00:1::/64' })).toBe(false);
    expect(routeMatches(listed, { dst: 'fd00:1::/64', table: 100, gw: 'fd00:0::1', dev: 'eth0', metric: 1024 })).toBe(true);
    expect(routeMatches(listed, { dst: 'fd00:1::/64', table: 100, gw: 'fd00::2' })).toBe(false);
    expect(routeMatches(listed, { dst: 'fd00:1::/64', table: 100, dev: 'eth1' })).toBe(false);
    expect(routeMatches(listed, { dst: 'fd00:1::/64', table: 100, metric: 50 })).toBe(false);
    expect(routeMatches(listed, { dst: 'fd00:1::/64', table: 100, type: 'blackhole' })).toBe(false);
  });

  it('compares ECMP next hops as a set', () => {
    const ecmp: RouteSpec = { dst: '10.1.0.0/16', table: 254, nexthops: [{ gw: '10.0.0.2', dev: 'eth0', weight: 1 }, { gw: '10.0.0.1', dev: 'eth0', weight: 2 }] };
    expect(routeMatches(ecmp, { dst: '10.1.0.0/16', dev: 'eth0', nexthops: [{ gw: '10.0.0.1', weight: 2 }, { gw: '10.0.0.2' }] })).toBe(true);
    expect(routeMatches(ecmp, { dst: '10.1.0.0/16', nexthops: [{ gw: '10.0.0.1' }] })).toBe(false);
    expect(routeMatches(ecmp, { dst: '10.1.0.0/16', nexthops: [{ gw: '10.0.0.1' }, { gw: '10.0.0.3' }] })).toBe(false);
  });
});

describe('ruleMatches', () => {
  it('keeps host bits significant, as the kernel does', () => {
    const listed = { family: 4 as const, from: '10.0.0.5/24', table: 100, priority: 32765 };
    expect(ruleMatches(listed, { family: 4, from: '10.0.0.5/24', table: 100 })).toBe(true);
    expect(ruleMatches(listed, { family: 4, from: '10.0.0.0/24', table: 100 })).toBe(false);
    expect(ruleMatches(listed, { family: 4, from: '10.0.0.5/24', table: 100, priority: 1 })).toBe(false);
    expect(ruleMatches(listed, { family: 6, from: '10.0.0.5/24', table: 100 })).toBe(false);
  });
});
