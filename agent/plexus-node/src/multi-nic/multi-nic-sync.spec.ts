import { FakeKubeClient, FAKE_NODES } from '@plexus/k8s/testing';
import { HOST_INDEX_CLAIMS, KubeHostIndexStore, type HostIndexClaimObject } from '@plexus/multi-nic';
import { exampleIpam, peerClaim } from '@plexus/multi-nic/testing';
import { FakeNetlink } from '@plexus/netlink/testing';
import { MemoryFileStore } from '@plexus/store/testing';
import { agentMetrics, type Metrics } from '../metrics/metrics';
import { multiNicComponent } from './multi-nic-component';

const ipam = exampleIpam;
const peer = peerClaim;

describe('plexus-node multi-nic component (claim revalidation + route sync)', () => {
  let files: MemoryFileStore;
  let netlink: FakeNetlink;
  let kube: FakeKubeClient;
  let metrics: Metrics;
  let lines: string[];
  let nads: unknown[];
  beforeEach(async () => {
    files = new MemoryFileStore();
    netlink = new FakeNetlink();
    kube = new FakeKubeClient();
    for (const n of ['node-a', 'node-b', 'node-c']) kube.seed(FAKE_NODES, { metadata: { name: n } });
    for (const [nic, addr] of [['eth1', '10.0.1.11/24'], ['eth2', '10.0.2.11/24']] as const) {
      await netlink.host().addDummy(nic);
      await netlink.host().setLinkUp(nic);
      await netlink.host().addAddr(nic, addr);
    }
    kube.seed(HOST_INDEX_CLAIMS, peer('node-b', 0, ['10.0.1.12', '10.0.2.12']));
    metrics = agentMetrics();
    lines = [];
    nads = [];
  });

  const component = () =>
    multiNicComponent({
      intervalMs: 60_000,
      confDir: '/etc/cni/net.d',
      ownConf: '00-plexus.conflist',
      nodeName: 'node-a',
      files,
      cache: () => ({ list: async () => ({ kind: 'listed', objects: nads }) }) as never,
      netlink: () => netlink.host(),
      makeStore: () => new KubeHostIndexStore(kube),
      hostname: () => 'ignored',
      log: (l) => lines.push(l),
      sleep: () => new Promise(() => undefined),
      now: () => Date.parse('2026-01-01T00:00:00Z'),
    });
  /** pass runs one pass through the daemon's start (the first pass runs at start) and returns its reports. */
  const pass = async () => {
    lines = [];
    const c = component();
    await c.start({ metrics, kubeconfigPath: '/k' });
    await c.stop();
    return lines.filter((l) => l.startsWith('multi-nic sync ')).map((l) => JSON.parse(l.slice('multi-nic sync '.length)));
  };
  const table100 = () => netlink.snapshot().routes.filter((r) => r.table === 100).map((r) => `${r.dst} via ${r.gw} dev ${r.dev}`).sort();
  const rules100 = () => netlink.snapshot().rules.filter((r) => r.table === 100).map((r) => r.from);
  const writeConf = (name: string, conf: unknown) => files.writeAtomic(`/etc/cni/net.d/${name}`, JSON.stringify(conf));

  it('syncs every multi-nic-ipam network of the conf dir and the cached NADs: claims first, routes in L3, claims only in L2', async () => {
    await writeConf('10-storage.conflist', { cniVersion: '1.0.0', name: 'storage-net', plugins: [{ type: 'ipvlan', ipam: ipam({ vlanMode: 'l3' }) }, { type: 'route-injector' }] });
    await writeConf('00-plexus.conflist', { cniVersion: '1.0.0', name: 'ours', plugins: [{ type: 'meta-dispatcher', ipam: ipam() }] });
    await writeConf('20-other.conf', { cniVersion: '1.0.0', name: 'pods', type: 'bridge' });
    nads = [{ metadata: { namespace: 'default', name: 'plain' }, spec: { config: JSON.stringify({ cniVersion: '1.0.0', name: 'plain', type: 'ipvlan', ipam: ipam({ dataDir: '/l2' }) }) } }];
    expect(await pass()).toEqual([
      {
        network: 'storage-net',
        node: 'node-a',
        hostIndex: 1,
        hostIndexFrom: 'kubernetes',
        releasedClaims: [],
        table: 100,
        peers: 1,
        added: ['192.168.0.0/24 via 10.0.1.12 dev eth1', '192.168.64.0/24 via 10.0.2.12 dev eth2'],
        removed: [],
        ruleAdded: true,
      },
      { network: 'plain', node: 'node-a', hostIndex: 0, hostIndexFrom: 'kubernetes', releasedClaims: [] },
    ]);
    expect(table100()).toEqual(['192.168.0.0/24 via 10.0.1.12 dev eth1', '192.168.64.0/24 via 10.0.2.12 dev eth2']);
    expect(rules100()).toEqual(['192.168.0.0/16']);
    // This host's claims are published with its host IPs, and its index is cached for the plugin's ADDs.
    expect(kube.stored<HostIndexClaimObject>(HOST_INDEX_CLAIMS, { name: 'storage-net.1' })!.spec.interfaces.map((i) => i.hostIP)).toEqual(['10.0.1.11', '10.0.2.11']);
    expect(kube.stored<HostIndexClaimObject>(HOST_INDEX_CLAIMS, { name: 'plain.0' })!.spec.nodeName).toBe('node-a');
    expect(JSON.parse((await files.read('/data/storage-net/host-index.json'))!)).toMatchObject({ nodeName: 'node-a', hostIndex: 1 });
    expect(metrics.value('plexus_node_multi_nic_syncs_total', { result: 'ok' })).toBe(2);
    expect(metrics.value('plexus_node_multi_nic_route_changes_total', { change: 'added' })).toBe(2);
  });

  it('is idempotent; releases the claim of a deleted Node and removes its routes; restores a lost rule; republishes a claim deleted by hand', async () => {
    await writeConf('10-storage.conf', { cniVersion: '1.0.0', name: 'storage-net', type: 'ipvlan', ipam: ipam({ vlanMode: 'l3' }) });
    kube.seed(HOST_INDEX_CLAIMS, peer('node-c', 2, ['10.0.1.13', '10.0.2.13']));
    await pass();
    expect(table100()).toHaveLength(4);
    expect(await pass()).toEqual([expect.objectContaining({ hostIndexFrom: 'cache', added: [], removed: [], ruleAdded: false, releasedClaims: [] })]);

    await kube.deleteObject(FAKE_NODES, { name: 'node-c' });
    await netlink.host().deleteRule({ family: 4, from: '192.168.0.0/16', table: 100 });
    await kube.deleteObject(HOST_INDEX_CLAIMS, { name: 'storage-net.1' });
    expect(await pass()).toEqual([
      expect.objectContaining({ peers: 1, removed: ['192.168.2.0/24', '192.168.66.0/24'], ruleAdded: true, releasedClaims: [{ node: 'node-c', hostIndex: 2 }] }),
    ]);
    expect(table100()).toEqual(['192.168.0.0/24 via 10.0.1.12 dev eth1', '192.168.64.0/24 via 10.0.2.12 dev eth2']);
    expect(rules100()).toEqual(['192.168.0.0/16']);
    expect(kube.stored<HostIndexClaimObject>(HOST_INDEX_CLAIMS, { name: 'storage-net.1' })!.spec.nodeName).toBe('node-a');
    expect(kube.stored(HOST_INDEX_CLAIMS, { name: 'storage-net.2' })).toBeUndefined();
    expect(metrics.value('plexus_node_multi_nic_released_claims_total')).toBe(1);
  });

  it('reports a bad network (code 7 naming the field) and an unreadable conf (code 6) and still syncs the others', async () => {
    await writeConf('10-bad.conf', { cniVersion: '1.0.0', name: 'bad', type: 'ipvlan', ipam: ipam({ subnet: '192.168.0.0/33', dataDir: '/bad' }) });
    await files.writeAtomic('/etc/cni/net.d/15-broken.conflist', '{nope');
    await writeConf('20-good.conf', { cniVersion: '1.0.0', name: 'storage-net', type: 'ipvlan', ipam: ipam() });
    const reports = await pass();
    expect(reports).toEqual([
      { source: '"/etc/cni/net.d/15-broken.conflist"', error: expect.objectContaining({ code: 6, msg: 'failed to decode network configuration "/etc/cni/net.d/15-broken.conflist"' }) },
      { network: 'bad', error: expect.objectContaining({ code: 7, msg: 'invalid ipam.subnet' }) },
      expect.objectContaining({ network: 'storage-net', hostIndex: 1 }),
    ]);
    expect(metrics.value('plexus_node_multi_nic_syncs_total', { result: 'error-7' })).toBe(1);
    expect(metrics.value('plexus_node_multi_nic_syncs_total', { result: 'ok' })).toBe(1);
  });

  it('refuses to route when its index is claimed by another node (code 105), leaving the table alone', async () => {
    await writeConf('10-storage.conf', { cniVersion: '1.0.0', name: 'storage-net', type: 'ipvlan', ipam: ipam({ vlanMode: 'l3', hostIndex: 0 }) });
    expect(await pass()).toEqual([{ network: 'storage-net', error: expect.objectContaining({ code: 105, details: expect.stringMatching(/index 0 of node "node-a" is claimed by node "node-b"/) }) }]);
    expect(table100()).toEqual([]);
  });

  it('stops promptly even when stopped during a pass (no wait for the next interval)', async () => {
    await writeConf('10-storage.conf', { cniVersion: '1.0.0', name: 'storage-net', type: 'ipvlan', ipam: ipam() });
    const c = component();
    await c.start({ metrics, kubeconfigPath: '/k' });
    // sleep never resolves: stop must not depend on it.
    await expect(Promise.race([c.stop().then(() => 'stopped'), new Promise((r) => setTimeout(() => r('hung'), 2000).unref())])).resolves.toBe('stopped');
  });
});
