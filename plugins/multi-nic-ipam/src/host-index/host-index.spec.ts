import { invalidConfig, tryAgainLater } from '@plexus/cni-spec';
import { addOk, errorOf } from '@plexus/skel/testing';
import { createTestWorld, exampleConf, type TestWorld } from '../testing/test-deps';
import { HOST_INDEX_CLAIMS, type HostIndexClaimObject } from '@plexus/multi-nic';

const NODE = { NODE_NAME: 'node-a' };

describe('host index from Kubernetes', () => {
  let w: TestWorld;
  beforeEach(async () => (w = await createTestWorld({ nodes: ['node-a', 'node-b'], hostNics: { eth1: ['10.0.1.11/24'], eth2: ['10.0.2.11/24', 'fe80::1/64'] } })));

  const claims = () => w.kube.stored<HostIndexClaimObject>(HOST_INDEX_CLAIMS, { name: 'storage-net.0' });

  it('claims the lowest free index, records the host IPs, caches it, and the next ADD makes no API call', async () => {
    w.kube.seed(HOST_INDEX_CLAIMS, { metadata: { name: 'storage-net.0', labels: { 'multinic.plexus.io/network': 'storage-net' } }, spec: { network: 'storage-net', hostIndex: 0, nodeName: 'node-b', interfaces: [] } });
    const first = await addOk(w.plugin, { conf: exampleConf(), containerId: 'c1', extraEnv: NODE });
    expect(first.ips).toEqual([
      { address: '192.168.1.1/18', interface: 0 },
      { address: '192.168.65.1/18', interface: 1 },
    ]);
    const mine = w.kube.stored<HostIndexClaimObject>(HOST_INDEX_CLAIMS, { name: 'storage-net.1' })!;
    expect(mine.metadata.labels).toEqual({ 'multinic.plexus.io/network': 'storage-net', 'multinic.plexus.io/node': 'node-a' });
    expect(mine.spec).toEqual({
      network: 'storage-net',
      hostIndex: 1,
      nodeName: 'node-a',
      interfaces: [
        { interfaceIndex: 0, podCIDR: '192.168.1.0/24', master: 'eth1', hostIP: '10.0.1.11' },
        { interfaceIndex: 1, podCIDR: '192.168.65.0/24', master: 'eth2', hostIP: '10.0.2.11' },
      ],
    });
    expect(JSON.parse((await w.files.read('/data/storage-net/host-index.json'))!)).toMatchObject({ version: 1, nodeName: 'node-a', hostIndex: 1 });
    const calls = w.kube.apiCallCount();
    const opened = w.openedStores;
    await addOk(w.plugin, { conf: exampleConf(), containerId: 'c2', extraEnv: NODE });
    expect(w.kube.apiCallCount()).toBe(calls);
    expect(w.openedStores).toBe(opened);
  });

  it('finds its claim again after the local cache is lost (the index never moves under running pods)', async () => {
    w.kube.seed(HOST_INDEX_CLAIMS, { metadata: { name: 'storage-net.5', labels: { 'multinic.plexus.io/network': 'storage-net' } }, spec: { network: 'storage-net', hostIndex: 5, nodeName: 'node-a', interfaces: [] } });
    const r = await addOk(w.plugin, { conf: exampleConf(), extraEnv: NODE });
    expect(r.ips).toEqual([
      { address: '192.168.5.1/18', interface: 0 },
      { address: '192.168.69.1/18', interface: 1 },
    ]);
    expect(claims()).toBeUndefined();
    // The stale record was refreshed with this host's NICs (compare-and-swap on resourceVersion).
    expect(w.kube.stored<HostIndexClaimObject>(HOST_INDEX_CLAIMS, { name: 'storage-net.5' })!.spec.interfaces).toHaveLength(2);
  });

  it('keeps working from the cache or a fixed index while the API is down, and says "try again" otherwise', async () => {
    await addOk(w.plugin, { conf: exampleConf(), containerId: 'c1', extraEnv: NODE });
    w.kube.failNext('listObjects', tryAgainLater('the API server is unreachable', 'connect ECONNREFUSED'), 100);
    w.kube.failNext('createObject', tryAgainLater('the API server is unreachable', 'connect ECONNREFUSED'), 100);
    expect((await addOk(w.plugin, { conf: exampleConf(), containerId: 'c2', extraEnv: NODE })).ips).toHaveLength(2);
    expect((await addOk(w.plugin, { conf: exampleConf({ hostIndex: 9, dataDir: '/other' }), containerId: 'c3', extraEnv: NODE })).ips).toEqual([
      { address: '192.168.9.1/18', interface: 0 },
      { address: '192.168.73.1/18', interface: 1 },
    ]);
    const err = await errorOf(w.plugin, { command: 'ADD', conf: exampleConf({ dataDir: '/empty' }), containerId: 'c4', extraEnv: NODE });
    expect(err).toMatchObject({ code: 11, msg: 'the API server is unreachable' });
  });

  it('names ipam.hostIndex when there is neither a fixed index nor Kubernetes credentials', async () => {
    w.kube.failNext('listObjects', invalidConfig('kubeconfig', 'not set, and not running in a cluster'));
    const err = await errorOf(w.plugin, { command: 'ADD', conf: exampleConf(), extraEnv: NODE });
    expect(err).toMatchObject({ code: 7, msg: 'invalid ipam.hostIndex' });
    expect(err.details).toMatch(/not set, and the host index cannot be claimed in Kubernetes for network "storage-net", node "node-a": not set, and not running in a cluster/);
  });

  it('names the node from ipam.nodeName, then NODE_NAME, then KUBERNETES_NODE_NAME, then the hostname', async () => {
    const nodeOf = async (ipam: Record<string, unknown>, env: Record<string, string>, dataDir: string): Promise<string> => {
      await addOk(w.plugin, { conf: exampleConf({ ...ipam, dataDir }), extraEnv: env });
      return JSON.parse((await w.files.read(`${dataDir}/storage-net/host-index.json`))!).nodeName;
    };
    expect(await nodeOf({ nodeName: 'node-c' }, { NODE_NAME: 'x', KUBERNETES_NODE_NAME: 'y' }, '/d1')).toBe('node-c');
    expect(await nodeOf({}, { NODE_NAME: 'node-d', KUBERNETES_NODE_NAME: 'y' }, '/d2')).toBe('node-d');
    expect(await nodeOf({}, { KUBERNETES_NODE_NAME: 'node-e' }, '/d3')).toBe('node-e');
    expect(await nodeOf({}, {}, '/d4')).toBe('node-a');
  });

  it('refuses a corrupt host-index cache rather than guess an index', async () => {
    await w.files.writeAtomic('/data/storage-net/host-index.json', '{"version":1,"nodeName":"node-a"');
    const err = await errorOf(w.plugin, { command: 'ADD', conf: exampleConf(), extraEnv: NODE });
    expect(err).toMatchObject({ code: 102, msg: 'corrupt store file' });
    expect(err.details).toMatch(/^"\/data\/storage-net\/host-index\.json": not JSON/);
    expect(await w.files.read('/data/storage-net/host-index.json')).toBe('{"version":1,"nodeName":"node-a"');
  });
});
