import { ExecaRunner } from '@plexus/exec';
import { IpRoute2Netlink, LinkNotFoundError } from '@plexus/netlink';
import { createNetns, deleteNetns, ipJson, type TestNetns } from '../support';

// IpRoute2Netlink's ipvlan and dummy paths, which need a kernel with those modules (the VM lane:
// tools/vm/run-kernel-suite.sh -- npx jest -c e2e/jest.kernel.config.cjs e2e/src/netlink). Everything happens in
// two throwaway netns.
const nl = new IpRoute2Netlink(new ExecaRunner());
let host: TestNetns;
let pod: TestNetns;

beforeEach(() => {
  host = createNetns('plxri');
  pod = createNetns('plxri');
});
afterEach(() => {
  deleteNetns(pod);
  deleteNetns(host);
});

describe('ipvlan and dummy links through IpRoute2Netlink', () => {
  it('creates a dummy master and an ipvlan on it directly in another netns, reading mode and parent back', async () => {
    await nl.pod(host.path).addDummy('plxm0');
    await nl.pod(host.path).setLinkMtu('plxm0', 9000);
    await nl.pod(host.path).setLinkUp('plxm0');
    const master = await nl.pod(host.path).getLink('plxm0');
    expect(master).toMatchObject({ kind: 'dummy', mtu: 9000, up: true });

    for (const mode of ['l2', 'l3', 'l3s'] as const) {
      await nl.pod(host.path).addIpvlan({ name: `tmp-${mode}`, master: 'plxm0', mode, into: nl.pod(pod.path) });
      const link = await nl.pod(pod.path).getLink(`tmp-${mode}`);
      expect(link).toMatchObject({ kind: 'ipvlan', ipvlanMode: mode, mtu: 9000, up: false });
      // The master is in another netns, so only its index is known (link_index), as iproute2 prints it.
      expect(link.parentIndex).toBe(master.index);
    }
    expect(ipJson(pod, ['-d', 'link', 'show', 'tmp-l3s'])[0]).toMatchObject({ linkinfo: { info_kind: 'ipvlan', info_data: { mode: 'l3s' } } });
  });

  it('renames before up, addresses and routes the ipvlan; deleting the master takes it along', async () => {
    await nl.pod(host.path).addDummy('plxm0');
    await nl.pod(host.path).setLinkUp('plxm0');
    await nl.pod(host.path).addIpvlan({ name: 'tmp0', master: 'plxm0', mode: 'l2', mtu: 1400, into: nl.pod(pod.path) });
    await nl.pod(pod.path).renameLink('tmp0', 'eth0');
    await nl.pod(pod.path).addAddr('eth0', '10.77.0.5/24');
    await nl.pod(pod.path).addAddr('eth0', 'fd00:77::5/64');
    await nl.pod(pod.path).setLinkUp('eth0');
    await nl.pod(pod.path).addRoute({ dst: '0.0.0.0/0', gw: '10.77.0.1', dev: 'eth0' });
    expect(await nl.pod(pod.path).getLink('eth0')).toMatchObject({ kind: 'ipvlan', mtu: 1400, up: true });
    expect((await nl.pod(pod.path).listRoutes(4)).map((r) => r.dst)).toEqual(['0.0.0.0/0', '10.77.0.0/24']);
    await nl.pod(host.path).deleteLink('plxm0');
    await expect(nl.pod(pod.path).getLink('eth0')).rejects.toBeInstanceOf(LinkNotFoundError);
  });

  it('lets ipvlans follow the MTU of their master and refuses a master that does not exist', async () => {
    await nl.pod(host.path).addDummy('plxm0');
    await nl.pod(host.path).addIpvlan({ name: 'tmp0', master: 'plxm0', mode: 'l2', into: nl.pod(pod.path) });
    await nl.pod(host.path).setLinkMtu('plxm0', 1400);
    expect(await nl.pod(pod.path).getLink('tmp0')).toMatchObject({ mtu: 1400 });
    await expect(nl.pod(host.path).addIpvlan({ name: 'tmp1', master: 'plxm9', mode: 'l2' })).rejects.toBeInstanceOf(LinkNotFoundError);
  });
});
