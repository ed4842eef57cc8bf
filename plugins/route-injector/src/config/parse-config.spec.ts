import { decodeNetConf } from '@plexus/cni-spec';
import { parseRouteInjectorConfig } from './parse-config';

const conf = (keys: Record<string, unknown>) => decodeNetConf(JSON.stringify({ cniVersion: '1.1.0', name: 'n', type: 'route-injector', ...keys }));

describe('parseRouteInjectorConfig', () => {
  it('canonicalises addresses and keeps every field with where it came from', () => {
    const c = parseRouteInjectorConfig(
      conf({
        routes: [{ dst: 'FD00:0:0:10::/64', gw: 'fd00:0::1', metric: 7, weight: 3 }],
        policyRoutes: [{ table: 100, priority: 5, routes: [{ dst: ' 10.0.0.0/8 ', gw: '10.0.0.1' }] }],
        defaultRoute: { gw: 'FD00::FE', metric: 1 },
      }),
    );
    expect(c.routes).toEqual([{ field: 'routes[0]', dst: 'fd00:0:0:10::/64', family: 6, gw: 'fd00::1', metric: 7, weight: 3 }]);
    expect(c.policyRoutes).toEqual([{ field: 'policyRoutes[0]', table: 100, priority: 5, routes: [{ field: 'policyRoutes[0].routes[0]', dst: '10.0.0.0/8', family: 4, gw: '10.0.0.1' }] }]);
    expect(c.defaultRoutes).toEqual([{ field: 'defaultRoute', family: 6, gw: 'fd00::fe', metric: 1 }]);
  });

  it('accepts a dual-stack or ECMP default route list and null for absent keys', () => {
    const c = parseRouteInjectorConfig(conf({ routes: null, defaultRoute: [{ gw: '10.0.0.1' }, { gw: '10.0.0.2', weight: 2 }, { gw: 'fd00::1' }] }));
    expect(c.defaultRoutes.map((d) => [d.field, d.family])).toEqual([['defaultRoute[0]', 4], ['defaultRoute[1]', 4], ['defaultRoute[2]', 6]]);
    expect(c.routes).toEqual([]);
  });

  it('allows tables 1–252 and 256 and up', () => {
    for (const table of [1, 252, 256, 4294967295]) {
      expect(parseRouteInjectorConfig(conf({ policyRoutes: [{ table, routes: [{ dst: '10.0.0.0/8' }] }] })).policyRoutes[0]!.table).toBe(table);
    }
  });
});
