import { FakeNetlink } from '@plexus/netlink/testing';
import { findDefaultRouteInterface } from './default-route';

async function hostWith(setup: (n: FakeNetlink) => Promise<void>): Promise<FakeNetlink> {
  const n = new FakeNetlink();
  for (const name of ['ens3', 'ens4']) {
    await n.host().addDummy(name);
    await n.host().setLinkUp(name);
  }
  await n.host().addAddr('ens3', '192.168.1.10/24');
  await n.host().addAddr('ens4', 'fd00:4::10/64');
  await setup(n);
  return n;
}

describe('findDefaultRouteInterface', () => {
  it('takes the IPv4 default route first', async () => {
    const n = await hostWith(async (h) => {
      await h.host().addRoute({ dst: '::/0', gw: 'fd00:4::1' });
      await h.host().addRoute({ dst: '0.0.0.0/0', gw: '192.168.1.1' });
    });
    await expect(findDefaultRouteInterface(n.host())).resolves.toBe('ens3');
  });

  it('falls back to the IPv6 default route', async () => {
    const n = await hostWith((h) => h.host().addRoute({ dst: '::/0', gw: 'fd00:4::1' }));
    await expect(findDefaultRouteInterface(n.host())).resolves.toBe('ens4');
  });

  it("takes a multipath default route's first device and skips device-less ones", async () => {
    const n = await hostWith(async (h) => {
      await h.host().addRoute({ dst: '0.0.0.0/0', type: 'blackhole', metric: 10 });
      await h.host().addRoute({ dst: '0.0.0.0/0', nexthops: [{ gw: '192.168.1.1', dev: 'ens3' }], metric: 20 });
    });
    await expect(findDefaultRouteInterface(n.host())).resolves.toBe('ens3');
  });

  it('is undefined without a default route, and looks inside a given netns', async () => {
    const n = await hostWith(async (h) => {
      h.addNetns('/run/netns/pod');
      await h.pod('/run/netns/pod').addDummy('eth9');
      await h.pod('/run/netns/pod').addAddr('eth9', '10.9.0.2/24');
      await h.pod('/run/netns/pod').setLinkUp('eth9');
      await h.pod('/run/netns/pod').addRoute({ dst: '0.0.0.0/0', gw: '10.9.0.1' });
    });
    await expect(findDefaultRouteInterface(n.host())).resolves.toBeUndefined();
    await expect(findDefaultRouteInterface(n.pod('/run/netns/pod'))).resolves.toBe('eth9');
  });

  it('treats an unlistable IPv6 table as no IPv6 default route, but not an IPv4 failure', async () => {
    const n = await hostWith(async () => undefined);
    n.failOn('listRoutes', { nth: 2 });
    await expect(findDefaultRouteInterface(n.host())).resolves.toBeUndefined();
    n.failOn('listRoutes');
    await expect(findDefaultRouteInterface(n.host())).rejects.toThrow(/injected fault/);
  });
});
