import { FakeNetlink } from '@plexus/netlink/testing';
import { buildInterfaceCommands, dropFamilyFlag, interfaceRoutes } from './interface-commands';

const dualStack = {
  tempName: 'plxiv0000beef',
  ifName: 'net1',
  ips: [
    { address: '192.168.1.50/24', gateway: '192.168.1.1' },
    { address: 'fd00:1::50/64', gateway: 'fd00:1::1' },
  ],
  routes: [{ dst: '10.20.0.0/16' }, { dst: 'fd00:20::/48', priority: 50 }, { dst: '10.30.0.0/16', gw: '192.168.1.2', table: 100, scope: 0, mtu: 1400, advmss: 1360 }],
};

describe('buildInterfaceCommands', () => {
  it('renames, addresses (IPv6 nodad), raises, then routes', () => {
    const { commands, renameIndex, firstRouteIndex } = buildInterfaceCommands(dualStack);
    expect(commands.map((c) => c.join(' '))).toEqual([
      'link set dev plxiv0000beef name net1',
      'addr add 192.168.1.50/24 dev net1',
      'addr add fd00:1::50/64 dev net1 nodad',
      'link set dev net1 up',
      'route add 10.20.0.0/16 via 192.168.1.1 dev net1',
      'route add fd00:20::/48 via fd00:1::1 dev net1 metric 50',
      'route add 10.30.0.0/16 via 192.168.1.2 dev net1 table 100 scope 0 mtu 1400 advmss 1360',
    ]);
    expect(renameIndex).toBe(0);
    expect(firstRouteIndex).toBe(4);
  });

  it('needs no rename when the link already has its name, and reports no routes as firstRouteIndex = length', () => {
    const { commands, renameIndex, firstRouteIndex } = buildInterfaceCommands({ tempName: 'net1', ifName: 'net1', ips: [{ address: '10.0.0.2/24' }], routes: [] });
    expect(commands.map((c) => c.join(' '))).toEqual(['addr add 10.0.0.2/24 dev net1', 'link set dev net1 up']);
    expect(renameIndex).toBe(-1);
    expect(firstRouteIndex).toBe(commands.length);
  });

  it('fits a dual-stack interface into one ip -batch process', async () => {
    const netlink = new FakeNetlink({ netns: ['/run/netns/p'] });
    await netlink.addDummy('plxiv0000beef', '/run/netns/p');
    netlink.calls.length = 0;
    await netlink.batch(buildInterfaceCommands(dualStack).commands, '/run/netns/p');
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

describe('dropFamilyFlag', () => {
  it('drops -4/-6 from addr and route commands only', () => {
    expect(dropFamilyFlag(['-6', 'route', 'add', '::/0'])).toEqual(['route', 'add', '::/0']);
    expect(dropFamilyFlag(['-4', 'addr', 'add', '10.0.0.1/24', 'dev', 'x'])).toEqual(['addr', 'add', '10.0.0.1/24', 'dev', 'x']);
    expect(dropFamilyFlag(['-6', 'rule', 'add', 'table', '5'])).toEqual(['-6', 'rule', 'add', 'table', '5']);
  });
});
