import { FakeNetlink } from '@plexus/netlink/testing';
import { buildInterfaceOps, interfaceRoutes } from './interface-commands';

const dualStack = {
  tempName: 'plxiv0000beef',
  ifName: 'net1',
  ips: [
    { address: '192.168.1.50/24', gateway: '192.168.1.1' },
    { address: 'fd00:1::50/64', gateway: 'fd00:1::1' },
  ],
  routes: [{ dst: '10.20.0.0/16' }, { dst: 'fd00:20::/48', priority: 50 }, { dst: '10.30.0.0/16', gw: '192.168.1.2', table: 100, scope: 0, mtu: 1400, advmss: 1360 }],
};

describe('buildInterfaceOps', () => {
  it('renames, addresses (IPv6 nodad), raises, then routes', () => {
    const { ops, renameIndex, firstRouteIndex } = buildInterfaceOps(dualStack);
    // IPv6 addresses go without DAD (the ops' default; see the lib's renderOp for `nodad`).
    expect(ops).toEqual([
      { op: 'link.rename', name: 'plxiv0000beef', newName: 'net1' },
      { op: 'addr.add', ifName: 'net1', cidr: '192.168.1.50/24' },
      { op: 'addr.add', ifName: 'net1', cidr: 'fd00:1::50/64' },
      { op: 'link.up', name: 'net1' },
      { op: 'route.add', route: { dst: '10.20.0.0/16', gw: '192.168.1.1', dev: 'net1' } },
      { op: 'route.add', route: { dst: 'fd00:20::/48', gw: 'fd00:1::1', dev: 'net1', metric: 50 } },
      { op: 'route.add', route: { dst: '10.30.0.0/16', gw: '192.168.1.2', dev: 'net1', table: 100, scope: 0, mtu: 1400, advmss: 1360 } },
    ]);
    expect(renameIndex).toBe(0);
    expect(firstRouteIndex).toBe(4);
  });

  it('needs no rename when the link already has its name, and reports no routes as firstRouteIndex = length', () => {
    const { ops, renameIndex, firstRouteIndex } = buildInterfaceOps({ tempName: 'net1', ifName: 'net1', ips: [{ address: '10.0.0.2/24' }], routes: [] });
    expect(ops).toEqual([{ op: 'addr.add', ifName: 'net1', cidr: '10.0.0.2/24' }, { op: 'link.up', name: 'net1' }]);
    expect(renameIndex).toBe(-1);
    expect(firstRouteIndex).toBe(ops.length);
  });

  it('fits a dual-stack interface into one ip -batch process', async () => {
    const netlink = new FakeNetlink({ netns: ['/run/netns/p'] });
    await netlink.pod('/run/netns/p').addDummy('plxiv0000beef');
    netlink.calls.length = 0;
    await netlink.pod('/run/netns/p').batch(buildInterfaceOps(dualStack).ops);
    expect(netlink.processCount()).toBe(1);
    const pod = netlink.snapshot('/run/netns/p');
    expect(pod.addrs.map((a) => a.address)).toEqual(['192.168.1.50/24', 'fd00:1::50/64']);
    expect(pod.links.find((l) => l.name === 'net1')?.up).toBe(true);
  });
});

describe('interfaceRoutes', () => {
  it('sends a gateway-less route via the first gateway of its family, like ipam.ConfigureIface', () => {
    const routes = interfaceRoutes({
      ifName: 'net1',
      ips: [{ address: '10.0.0.2/24' }, { address: '10.1.0.2/24', gateway: '10.1.0.1' }, { address: '10.2.0.2/24', gateway: '10.2.0.1' }],
      routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }],
    });
    expect(routes).toEqual([
      { dst: '0.0.0.0/0', gw: '10.1.0.1', dev: 'net1' },
      { dst: '::/0', dev: 'net1' },
    ]);
  });

  it("gives a gateway-less IPv4 route the reference's global scope unless the result names one", () => {
    const routes = interfaceRoutes({ ifName: 'net1', ips: [{ address: '10.0.0.2/24' }], routes: [{ dst: '10.9.0.0/16' }, { dst: '10.8.0.0/16', scope: 253 }] });
    expect(routes).toEqual([
      { dst: '10.9.0.0/16', dev: 'net1', scope: 0 },
      { dst: '10.8.0.0/16', dev: 'net1', scope: 253 },
    ]);
  });
});
