import type { NetworkRequest } from '../../plan/network-request';
import { parseDanmNetwork } from '../../sources/danm/parse-danm-network';
import { renderDanmConfList } from './render-danm-conf-list';
import { renderDanmDelegate } from '../../sources/danm/render-danm-delegate';
import { renderDanmStaticDelegate } from './render-danm-static-delegate';
import { mergeRoutes, routeInjectorPlugin } from '../../sources/danm/route-injector-plugin';

const ref = { kind: 'DanmNet' as const, namespace: 'ns', name: 'data' };
const net = (spec: Record<string, unknown>) => parseDanmNetwork({ metadata: { name: 'data' }, spec } as never, ref);
const full = net({
  networkType: 'ipvlan',
  hostDevice: 'ens4',
  cidr: '10.0.0.0/24',
  cidr6: '2001:db8::/64',
  routes: { '10.1.0.0/16': '10.0.0.1', '2001:db8:1::/64': '2001:db8::1' },
  policyRoutes: { '10.2.0.0/16': '10.0.0.65' },
  routingTable: 10,
});

describe('renderDanmDelegate', () => {
  it('renders ipvlan + fakeipam + route-injector for the reserved families', () => {
    expect(renderDanmDelegate(full, ['10.0.0.5/24'], { cniVersion: '1.1.0', proutes: [{ family: 4, dst: '10.3.0.0/16', gw: '10.0.0.66' }] })).toEqual({
      cniVersion: '1.1.0',
      name: 'data',
      plugins: [
        { type: 'ipvlan', mode: 'l2', master: 'ens4', ipam: { type: 'fakeipam', ips: [{ ipcidr: '10.0.0.5/24', version: 4 }] } },
        {
          type: 'route-injector',
          routes: [{ dst: '10.1.0.0/16', gw: '10.0.0.1' }],
          policyRoutes: [{ table: 10, routes: [{ dst: '10.2.0.0/16', gw: '10.0.0.65' }, { dst: '10.3.0.0/16', gw: '10.0.0.66' }] }],
        },
      ],
    });
  });

  it('renders dual stack, macvlan in bridge mode on a VLAN device', () => {
    const mac = net({ networkType: 'macvlan', networkID: 'dn', vlan: 300, cidr: '10.0.0.0/24', cidr6: '2001:db8::/64' });
    expect(renderDanmDelegate(mac, ['10.0.0.5/24', '2001:db8::5/64'], { cniVersion: '1.0.0' }).plugins).toEqual([
      {
        type: 'macvlan',
        mode: 'bridge',
        master: 'dn.300',
        ipam: {
          type: 'fakeipam',
          ips: [
            { ipcidr: '10.0.0.5/24', version: 4 },
            { ipcidr: '2001:db8::5/64', version: 6 },
          ],
        },
      },
    ]);
  });

  it('omits ipam and route-injector for an L2-only interface (DANM #107)', () => {
    expect(renderDanmDelegate(full, [], { cniVersion: '1.1.0' }).plugins).toEqual([{ type: 'ipvlan', mode: 'l2', master: 'ens4' }]);
  });

  it('refuses a network it cannot generate', () => {
    expect(() => renderDanmDelegate(net({ networkType: 'flannel' }), [], { cniVersion: '1.1.0' })).toThrow('not an ipvlan/macvlan network');
    expect(() => renderDanmDelegate(net({ networkType: 'multi-nic', multiNic: { ipam: { type: 'x' } } }), [], { cniVersion: '1.1.0' })).toThrow('not an ipvlan/macvlan');
  });
});

describe('renderDanmStaticDelegate', () => {
  const file = { cniVersion: '0.3.1', name: 'flannel', plugins: [{ type: 'flannel', delegate: {} }, { type: 'portmap', ipam: { type: 'host-local' } }] };
  const staticNet = net({ networkType: 'flannel', networkID: 'flannel', cidr: '10.0.0.0/24' });

  it('keeps the file untouched when no address was reserved', () => {
    expect(renderDanmStaticDelegate(file, staticNet, [])).toEqual(file);
  });

  it('replaces the ipam of the plugin that has one by fakeipam when addresses were reserved', () => {
    const out = renderDanmStaticDelegate(file, staticNet, ['10.0.0.9/24']);
    expect(out.plugins[1]).toEqual({ type: 'portmap', ipam: { type: 'fakeipam', ips: [{ ipcidr: '10.0.0.9/24', version: 4 }] } });
    expect(out.plugins[0]).toEqual(file.plugins[0]);
    expect(file.plugins[1]!.ipam).toEqual({ type: 'host-local' });
  });

  it('keeps only routes of the reserved families, and every route with the file\'s own IPAM', () => {
    const routed = net({ networkType: 'bridge', cidr: '10.0.0.0/24', routes: { '10.1.0.0/16': '10.0.0.1', '2001:db8:1::/64': '2001:db8::1' } });
    const conf = { cniVersion: '1.0.0', name: 'b', plugins: [{ type: 'bridge' }] };
    expect(renderDanmStaticDelegate(conf, routed, ['10.0.0.9/24']).plugins[1]).toEqual({ type: 'route-injector', routes: [{ dst: '10.1.0.0/16', gw: '10.0.0.1' }] });
    expect((renderDanmStaticDelegate(conf, routed, []).plugins[1] as { routes: unknown[] }).routes).toHaveLength(2);
  });

  it('puts the ipam on the first plugin when none has one, and chains routes', () => {
    const routed = net({ networkType: 'bridge', cidr: '10.0.0.0/24', routes: { '10.1.0.0/16': '10.0.0.1' } });
    const out = renderDanmStaticDelegate({ cniVersion: '1.0.0', name: 'b', plugins: [{ type: 'bridge' }] }, routed, ['10.0.0.9/24']);
    expect(out.plugins).toEqual([
      { type: 'bridge', ipam: { type: 'fakeipam', ips: [{ ipcidr: '10.0.0.9/24', version: 4 }] } },
      { type: 'route-injector', routes: [{ dst: '10.1.0.0/16', gw: '10.0.0.1' }] },
    ]);
  });
});

describe('renderDanmConfList', () => {
  it('dispatches on the integration and passes the pod proutes through', () => {
    const request = {
      confList: { cniVersion: '1.1.0', name: 'data', plugins: [] },
      danm: { network: ref, ip: 'dynamic', ip6: 'none', proutes: { '10.4.0.0/16': '10.0.0.70' }, definition: full },
    } as unknown as NetworkRequest;
    const out = renderDanmConfList(request, ['10.0.0.5/24']);
    expect(out.plugins[1]).toMatchObject({ policyRoutes: [{ table: 10, routes: [{ dst: '10.2.0.0/16', gw: '10.0.0.65' }, { dst: '10.4.0.0/16', gw: '10.0.0.70' }] }] });
    const plain = { confList: { cniVersion: '1.1.0', name: 'x', plugins: [{ type: 'bridge' }] } } as unknown as NetworkRequest;
    expect(renderDanmConfList(plain, ['10.0.0.5/24'])).toBe(plain.confList);
  });
});

describe('routeInjectorPlugin / mergeRoutes', () => {
  it('returns nothing when there is nothing to install', () => {
    expect(routeInjectorPlugin({ routes: [], policyRoutes: [] })).toBeUndefined();
    expect(routeInjectorPlugin({ routes: [{ family: 6, dst: '::/0', gw: '2001:db8::1' }], policyRoutes: [], families: new Set([4]) })).toBeUndefined();
    expect(routeInjectorPlugin({ routes: [], policyRoutes: [{ family: 4, dst: '10.0.0.0/8', gw: '10.0.0.1' }] })).toBeUndefined();
  });

  it('lets the pod override a network policy route to the same destination', () => {
    expect(mergeRoutes([{ family: 4, dst: '10.0.0.0/8', gw: '10.0.0.1' }], [{ family: 4, dst: '10.0.0.0/8', gw: '10.0.0.2' }])).toEqual([{ family: 4, dst: '10.0.0.0/8', gw: '10.0.0.2' }]);
  });
});
