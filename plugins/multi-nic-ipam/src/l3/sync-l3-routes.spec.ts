import { addOk } from '@plexus/skel/testing';
import { noopLogger } from '@plexus/log';
import { FAKE_NODES } from '@plexus/k8s/testing';
import { parseMultiNicConfig, HOST_INDEX_CLAIMS, KubeHostIndexStore, type HostIndexClaimObject, listHostAddresses, syncL3Routes } from '@plexus/multi-nic';
import { decodeNetConf } from '@plexus/cni-spec';
import { createTestWorld, exampleConf, type TestWorld } from '../testing/test-deps';
import { peerClaim as peer } from '@plexus/multi-nic/testing';


describe('L3 routes', () => {
  let w: TestWorld;
  const l3conf = (ipam: Record<string, unknown> = {}) => exampleConf({ vlanMode: 'l3', ...ipam });
  beforeEach(async () => {
    w = await createTestWorld({ nodes: ['node-a', 'node-b', 'node-c'], hostNics: { eth1: ['10.0.1.11/24'], eth2: ['10.0.2.11/24'] } });
    w.kube.seed(HOST_INDEX_CLAIMS, peer('node-b', 1, ['10.0.1.12', '10.0.2.12']));
    w.kube.seed(HOST_INDEX_CLAIMS, peer('node-c', 2, ['10.0.1.13', '10.0.2.13']));
  });
  const table100 = () => w.netlink.snapshot().routes.filter((r) => r.table === 100).map((r) => `${r.dst} via ${r.gw} dev ${r.dev}`).sort();
  const ourRules = () => w.netlink.snapshot().rules.filter((r) => r.table === 100).map((r) => `${r.from} ${r.table}`);

  it('ADD claims an index and programs a table with a route to every other host block plus the rule', async () => {
    const r = await addOk(w.plugin, { conf: l3conf(), extraEnv: { NODE_NAME: 'node-a' } });
    expect(r.ips).toEqual([
      { address: '192.168.0.1/18', interface: 0 },
      { address: '192.168.64.1/18', interface: 1 },
    ]);
    expect(table100()).toEqual([
      '192.168.1.0/24 via 10.0.1.12 dev eth1',
      '192.168.2.0/24 via 10.0.1.13 dev eth1',
      '192.168.65.0/24 via 10.0.2.12 dev eth2',
      '192.168.66.0/24 via 10.0.2.13 dev eth2',
    ]);
    expect(ourRules()).toEqual(['192.168.0.0/16 100']);
    expect(JSON.parse((await w.files.read('/data/storage-net/l3.json'))!)).toEqual({ version: 1, table: 100, lastSyncAt: '2025-01-01T00:00:00.000Z' });
  });

  it('syncs again only when the interval has passed, and then drops routes of hosts whose claim went away', async () => {
    await addOk(w.plugin, { conf: l3conf(), containerId: 'c1', extraEnv: { NODE_NAME: 'node-a' } });
    const calls = w.kube.apiCallCount();
    const ops = w.netlink.calls.length;
    await addOk(w.plugin, { conf: l3conf(), containerId: 'c2', extraEnv: { NODE_NAME: 'node-a' } });
    expect([w.kube.apiCallCount(), w.netlink.calls.length]).toEqual([calls, ops]);
    // node-c is deleted from the cluster: the next sync releases its claim and removes its routes.
    await w.kube.deleteObject(FAKE_NODES, { name: 'node-c' });
    w.clock.now = new Date('2025-01-01T00:01:00Z');
    await addOk(w.plugin, { conf: l3conf(), containerId: 'c3', extraEnv: { NODE_NAME: 'node-a' } });
    expect(table100()).toEqual(['192.168.1.0/24 via 10.0.1.12 dev eth1', '192.168.65.0/24 via 10.0.2.12 dev eth2']);
    expect(w.kube.stored(HOST_INDEX_CLAIMS, { name: 'storage-net.2' })).toBeUndefined();
  });

  it('is idempotent, follows a changed next hop, restores a lost rule, and leaves foreign routes in the table alone', async () => {
    const config = parseMultiNicConfig(decodeNetConf(JSON.stringify(l3conf({ hostIndex: 0 }))));
    const store = new KubeHostIndexStore(w.kube);
    const sync = () =>
      syncL3Routes({
        config,
        dir: '/data/storage-net',
        nodeName: 'node-a',
        hostIndex: 0,
        files: w.files,
        store,
        netlink: w.netlink.host(),
        hostAddresses: () => listHostAddresses(w.netlink.host()),
        now: () => w.clock.now,
        log: noopLogger,
      });
    const first = await sync();
    expect([first.added.length, first.removed.length, first.ruleAdded, first.peers]).toEqual([4, 0, true, 2]);
    // This host published its own claim with its fixed index, so peers can route to it.
    expect(w.kube.stored<HostIndexClaimObject>(HOST_INDEX_CLAIMS, { name: 'storage-net.0' })!.spec.interfaces.map((i) => i.hostIP)).toEqual(['10.0.1.11', '10.0.2.11']);
    await w.netlink.host().addRoute({ dst: '10.50.0.0/16', gw: '10.0.1.1', dev: 'eth1', table: 100 });
    const second = await sync();
    expect([second.added.length, second.removed.length, second.ruleAdded]).toEqual([0, 0, false]);
    const moved = peer('node-b', 1, ['10.0.1.22', '10.0.2.12']);
    const current = w.kube.stored<HostIndexClaimObject>(HOST_INDEX_CLAIMS, { name: 'storage-net.1' })!;
    await w.kube.replaceObject(HOST_INDEX_CLAIMS, { ...moved, metadata: current.metadata });
    await w.netlink.host().deleteRule({ family: 4, from: '192.168.0.0/16', table: 100 });
    const third = await sync();
    expect(third.added.map((r) => `${r.dst} via ${r.gw}`)).toEqual(['192.168.1.0/24 via 10.0.1.22']);
    expect([third.removed.length, third.ruleAdded]).toEqual([0, true]);
    expect(table100()).toEqual([
      '10.50.0.0/16 via 10.0.1.1 dev eth1',
      '192.168.1.0/24 via 10.0.1.22 dev eth1',
      '192.168.2.0/24 via 10.0.1.13 dev eth1',
      '192.168.65.0/24 via 10.0.2.12 dev eth2',
      '192.168.66.0/24 via 10.0.2.13 dev eth2',
    ]);
  });

  it('refuses to route when its index is claimed by another node (code 105)', async () => {
    const config = parseMultiNicConfig(decodeNetConf(JSON.stringify(l3conf({ hostIndex: 1 }))));
    await expect(
      syncL3Routes({
        config,
        dir: '/data/storage-net',
        nodeName: 'node-a',
        hostIndex: 1,
        files: w.files,
        store: new KubeHostIndexStore(w.kube),
        netlink: w.netlink.host(),
        hostAddresses: () => listHostAddresses(w.netlink.host()),
        now: () => w.clock.now,
        log: noopLogger,
      }),
    ).rejects.toMatchObject({ code: 105, details: expect.stringMatching(/index 1 of node "node-a" is claimed by node "node-b"/) });
    expect(table100()).toEqual([]);
  });

  it('keeps ADD working when the route sync fails (the pod addresses are fine; the sync is retried later)', async () => {
    w.netlink.failOn('addRule');
    const r = await addOk(w.plugin, { conf: l3conf(), extraEnv: { NODE_NAME: 'node-a' } });
    expect(r.ips).toHaveLength(2);
    expect(await w.files.read('/data/storage-net/l3.json')).toBeUndefined();
    await addOk(w.plugin, { conf: l3conf(), containerId: 'c2', extraEnv: { NODE_NAME: 'node-a' } });
    expect(ourRules()).toEqual(['192.168.0.0/16 100']);
  });
});
