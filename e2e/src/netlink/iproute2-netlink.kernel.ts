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
    await nl.addDummy('plxm0', host.path);
    await nl.setLinkMtu('plxm0', 9000, host.path);
    await nl.setLinkUp('plxm0', host.path);
    const master = await nl.getLink('plxm0', host.path);
    expect(master).toMatchObject({ kind: 'dummy', mtu: 9000, up: true });

    for (const mode of ['l2', 'l3', 'l3s'] as const) {
      await nl.addIpvlan({ name: `tmp-${mode}`, master: 'plxm0', mode, masterNetns: host.path, targetNetns: pod.path });
      const link = await nl.getLink(`tmp-${mode}`, pod.path);
      expect(link).toMatchObject({ kind: 'ipvlan', ipvlanMode: mode, mtu: 9000, up: false });
      // The master is in another netns, so only its index is known (link_index), as iproute2 prints it.
      expect(link.parentIndex).toBe(master.index);
    }
    expect(ipJson(pod, ['-d', 'link', 'show', 'tmp-l3s'])[0]).toMatchObject({ linkinfo: { info_kind: 'ipvlan', info_data: { mode: 'l3s' } } });
  });

  it('renames before up, addresses and routes the ipvlan; deleting the master takes it along', async () => {
    await nl.addDummy('plxm0', host.path);
    await nl.setLinkUp('plxm0', host.path);
    await nl.addIpvlan({ name: 'tmp0', master: 'plxm0', mode: 'l2', mtu: 1400, masterNetns: host.path, targetNetns: pod.path });
    await nl.renameLink('tmp0', 'eth0', pod.path);
    await nl.addAddr('eth0', '10.77.0.5/24', pod.path);
    await nl.addAddr('eth0', 'fd00:77::5/64', pod.path);
    await nl.setLinkUp('eth0', pod.path);
    await nl.addRoute({ dst: '0.0.0.0/0', gw: '10.77.0.1', dev: 'eth0' }, pod.path);
    expect(await nl.getLink('eth0', pod.path)).toMatchObject({ kind: 'ipvlan', mtu: 1400, up: true });
    expect((await nl.listRoutes(4, pod.path)).map((r) => r.dst)).toEqual(['0.0.0.0/0', '10.77.0.0/24']);
    await nl.deleteLink('plxm0', host.path);
    await expect(nl.getLink('eth0', pod.path)).rejects.toBeInstanceOf(LinkNotFoundError);
  });

  it('lets ipvlans follow the MTU of their master and refuses a master that does not exist', async () => {
    await nl.addDummy('plxm0', host.path);
    await nl.addIpvlan({ name: 'tmp0', master: 'plxm0', mode: 'l2', masterNetns: host.path, targetNetns: pod.path });
    await nl.setLinkMtu('plxm0', 1400, host.path);
    expect(await nl.getLink('tmp0', pod.path)).toMatchObject({ mtu: 1400 });
    await expect(nl.addIpvlan({ name: 'tmp1', master: 'plxm9', mode: 'l2', masterNetns: host.path })).rejects.toBeInstanceOf(LinkNotFoundError);
  });
});
