import { AlreadyExistsError } from '@plexus/k8s';
import { FakeKubeClient, FAKE_NODES } from '@plexus/k8s/testing';
import { noopLogger } from '@plexus/log';
import { claimHostIndex, type ClaimRequest } from './claim-host-index';
import { KubeHostIndexStore, HOST_INDEX_CLAIMS, claimName, labelValue } from './kube-host-index-store';

function world(nodes: string[]) {
  const kube = new FakeKubeClient();
  for (const n of nodes) kube.seed(FAKE_NODES, { metadata: { name: n } });
  return { kube, store: new KubeHostIndexStore(kube) };
}
const req = (nodeName: string, over: Partial<ClaimRequest> = {}): ClaimRequest => ({
  network: 'net1',
  nodeName,
  capacity: 64n,
  interfacesFor: (i) => [{ interfaceIndex: 0, podCIDR: `10.0.${i}.0/24` }],
  log: noopLogger,
  ...over,
});
const seedClaim = (kube: FakeKubeClient, hostIndex: number, nodeName: string) =>
  kube.seed(HOST_INDEX_CLAIMS, {
    metadata: { name: claimName('net1', hostIndex), labels: { 'multinic.plexus.io/network': 'net1' } },
    spec: { network: 'net1', hostIndex, nodeName, interfaces: [] },
  });

/** seededRandom is mulberry32: the race test must not depend on luck. */
function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('claimHostIndex', () => {
  it('gives racing hosts distinct indexes (create-if-absent: the loser re-reads and takes the next)', async () => {
    const nodes = Array.from({ length: 12 }, (_, i) => `node-${i}`);
    const { kube, store } = world(nodes);
    const claims = await Promise.all(nodes.map((n, i) => claimHostIndex(store, req(n, { random: seededRandom(i + 1) }))));
    const indexes = claims.map((c) => c.hostIndex);
    expect(new Set(indexes).size).toBe(nodes.length);
    // Retries spread over the lowest free indexes only, so the indexes stay dense.
    expect(Math.max(...indexes)).toBeLessThan(2 * nodes.length);
    const stored = await store.list('net1');
    expect(stored.map((c) => `${c.hostIndex}:${c.nodeName}`).sort()).toEqual(claims.map((c) => `${c.hostIndex}:${c.nodeName}`).sort());
    // The race really happened: some creates lost with AlreadyExists and were retried.
    expect(kube.calls.filter((c) => c.method === 'createObject').length).toBeGreaterThan(nodes.length);
  });

  it('finds an existing claim of this node again instead of taking a new index', async () => {
    const { kube, store } = world(['a', 'b']);
    seedClaim(kube, 0, 'b');
    seedClaim(kube, 7, 'a');
    const claim = await claimHostIndex(store, req('a', { interfacesFor: () => [] }));
    expect(claim.hostIndex).toBe(7);
    expect(kube.calls.some((c) => c.method === 'createObject')).toBe(false);
  });

  it('prefers the cached index when it is still free', async () => {
    const { store } = world(['a']);
    expect((await claimHostIndex(store, req('a', { preferredIndex: 4 }))).hostIndex).toBe(4);
  });

  it('releases the claims of deleted Nodes and reuses their indexes', async () => {
    const { kube, store } = world(['a', 'b']);
    seedClaim(kube, 0, 'gone');
    seedClaim(kube, 1, 'b');
    const claim = await claimHostIndex(store, req('a'));
    expect(claim.hostIndex).toBe(0);
    expect(kube.stored(HOST_INDEX_CLAIMS, { name: 'net1.0' })).toMatchObject({ spec: { nodeName: 'a' } });
  });

  it('releases nothing when the node list does not contain this node (a partial answer must not free live indexes)', async () => {
    const { kube, store } = world(['b']);
    seedClaim(kube, 0, 'gone');
    expect((await claimHostIndex(store, req('a'))).hostIndex).toBe(1);
    expect(kube.stored(HOST_INDEX_CLAIMS, { name: 'net1.0' })).toMatchObject({ spec: { nodeName: 'gone' } });
  });

  it('fails with code 101 when every index is claimed', async () => {
    const { kube, store } = world(['a', 'b', 'c']);
    seedClaim(kube, 0, 'b');
    seedClaim(kube, 1, 'c');
    await expect(claimHostIndex(store, req('a', { capacity: 2n }))).rejects.toMatchObject({ code: 101, msg: 'no free host index' });
  });

  it('gives up with code 11 after losing every race', async () => {
    const { kube, store } = world(['a']);
    kube.failNext('createObject', new AlreadyExistsError('hostindexclaims.multinic.plexus.io "net1.0"'), 10);
    await expect(claimHostIndex(store, req('a'))).rejects.toMatchObject({ code: 11, msg: 'could not claim a host index' });
  });
});

describe('claim object names', () => {
  it.each([
    ['storage-net', 3, 'storage-net.3', 'storage-net'],
    ['Storage_Net', 0, 'storage-net-', 'Storage_Net'],
    ['a'.repeat(70), 1, `${'a'.repeat(70)}.1`, 'h-'],
  ])('%s index %d → %s…, label %s…', (network, index, name, label) => {
    expect(claimName(network, index).startsWith(name)).toBe(true);
    expect(claimName(network, index)).toMatch(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/);
    expect(labelValue(network).startsWith(label)).toBe(true);
    expect(labelValue(network).length).toBeLessThanOrEqual(63);
  });

  it('keeps distinct networks apart even when their cleaned names collide', () => {
    expect(claimName('Net_A', 0)).not.toBe(claimName('net-a', 0));
    expect(claimName('Net_A', 0)).not.toBe(claimName('Net.A', 0));
  });
});
