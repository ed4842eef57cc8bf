import { startEmulator, type Emulator } from '@plexus/kube-emulator';
import { loadClientNode } from './client-node';
import { createKubeClient } from './create-kube-client';
import { AlreadyExistsError, ConflictError, NotFoundError } from './errors';
import type { KubeClient } from './kube-client';
import { FakeClock } from './testing';
import { NETWORK_ATTACHMENT_DEFINITIONS, type KubeObject, type ResourceType } from './types';

const CLAIMS: ResourceType = { group: 'plexus.io', version: 'v1alpha1', plural: 'hostindexclaims', kind: 'HostIndexClaim' };
const NETWORKS: ResourceType = { group: 'plexus.io', version: 'v1alpha1', plural: 'clusternetworks', kind: 'ClusterNetwork' };

// Transforming and evaluating @kubernetes/client-node the first time takes seconds; keep it out of test timeouts.
beforeAll(() => loadClientNode(), 120_000);

describe('ApiKubeClient against the API emulator (real @kubernetes/client-node over HTTP)', () => {
  let emu: Emulator;
  let client: KubeClient;
  let clock: FakeClock;

  beforeEach(async () => {
    emu = await startEmulator();
    clock = new FakeClock();
    client = createKubeClient({ kubeconfigPath: emu.kubeconfigPath, timeoutMs: 2000, retries: 2, clock });
  });
  afterEach(() => emu.stop());

  it('reads a pod, merge-patches its annotations on pods/status and counts the calls', async () => {
    emu.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default', annotations: { keep: 'me', drop: 'me' } }, spec: { nodeName: 'n1' } });
    const pod = await client.getPod('default', 'web-0');
    expect(pod.metadata).toMatchObject({ name: 'web-0', namespace: 'default', annotations: { keep: 'me' } });
    expect(pod.spec?.nodeName).toBe('n1');
    expect(typeof pod.metadata.creationTimestamp).toBe('string');

    const patched = await client.patchPodAnnotations('default', 'web-0', { 'k8s.v1.cni.cncf.io/network-status': '[]', drop: null });
    expect(patched.metadata.annotations).toEqual({ keep: 'me', 'k8s.v1.cni.cncf.io/network-status': '[]' });
    expect(Number(patched.metadata.resourceVersion)).toBeGreaterThan(Number(pod.metadata.resourceVersion));
    const patchReq = emu.requests.list({ method: 'PATCH' })[0]!;
    expect(patchReq.path).toBe('/api/v1/namespaces/default/pods/web-0/status');
    expect(patchReq.contentType).toBe('application/merge-patch+json');
    expect(client.apiCallCount()).toBe(2);
    expect(emu.requests.count()).toBe(2);
  });

  it('maps a missing pod to NotFoundError without retrying', async () => {
    await expect(client.getPod('default', 'ghost')).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.getPod('default', 'ghost')).rejects.toThrow('pods "default/ghost" not found');
    expect(emu.requests.count()).toBe(2);
    expect(clock.sleeps).toEqual([]);
  });

  it('creates a pod Event whose involvedObject is the pod', async () => {
    await client.createPodEvent({ pod: { namespace: 'default', name: 'web-0', uid: 'u-1' }, reason: 'AddedInterface', message: 'Add net1 [10.1.1.11/24] from default/macvlan', host: 'n1' });
    const [event] = emu.store.list('', 'events', 'default');
    expect(event).toMatchObject({
      kind: 'Event',
      reason: 'AddedInterface',
      type: 'Normal',
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'u-1' },
      source: { component: 'plexus', host: 'n1' },
      firstTimestamp: clock.now().toISOString(),
    });
    expect(event!.metadata.name).toMatch(/^web-0\./);
  });

  it('gets and lists nodes', async () => {
    emu.seed({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { role: 'worker' } } });
    emu.seed({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2', labels: { role: 'control' } } });
    expect((await client.getNode('n2')).metadata.labels).toEqual({ role: 'control' });
    expect((await client.listNodes()).map((n) => n.metadata.name)).toEqual(['n1', 'n2']);
    expect((await client.listNodes({ labelSelector: 'role!=control' })).map((n) => n.metadata.name)).toEqual(['n1']);
    await expect(client.getNode('n3')).rejects.toThrow('nodes "n3" not found');
  });

  it('gets and lists NetworkAttachmentDefinitions, per namespace and across namespaces', async () => {
    const config = JSON.stringify({ cniVersion: '1.0.0', type: 'ipvlan' });
    emu.seed({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'a', namespace: 'ns1' }, spec: { config } });
    emu.seed({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'b', namespace: 'ns2', labels: { tier: 'data' } }, spec: {} });
    expect((await client.getNetworkAttachmentDefinition('ns1', 'a')).spec?.config).toBe(config);
    expect((await client.listNetworkAttachmentDefinitions({ namespace: 'ns2' })).map((n) => n.metadata.name)).toEqual(['b']);
    expect((await client.listNetworkAttachmentDefinitions()).map((n) => n.metadata.name).sort()).toEqual(['a', 'b']);
    expect((await client.listObjects(NETWORK_ATTACHMENT_DEFINITIONS, { labelSelector: 'tier in (data,web)' })).map((n) => n.metadata.name)).toEqual(['b']);
    await expect(client.getNetworkAttachmentDefinition('ns1', 'zz')).rejects.toThrow('network-attachment-definitions.k8s.cni.cncf.io "ns1/zz" not found');
  });

  it('does create / get / replace / delete of a namespaced custom object with optimistic concurrency', async () => {
    const created = await client.createObject(CLAIMS, { metadata: { name: 'net1-3', namespace: 'plexus', labels: { network: 'net1' } }, spec: { node: 'n1', index: 3 } });
    expect(created).toMatchObject({ apiVersion: 'plexus.io/v1alpha1', kind: 'HostIndexClaim' });
    expect(created.metadata.uid).toBeTruthy();
    const got = await client.getObject(CLAIMS, { namespace: 'plexus', name: 'net1-3' });
    expect(got.spec).toEqual({ node: 'n1', index: 3 });

    const replaced = await client.replaceObject(CLAIMS, { ...got, spec: { node: 'n2', index: 3 } });
    expect(replaced.metadata.uid).toBe(created.metadata.uid);
    const stale = client.replaceObject(CLAIMS, { ...got, spec: { node: 'n3', index: 3 } });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ ambiguous: false, object: 'hostindexclaims.plexus.io "plexus/net1-3"' });

    await expect(client.deleteObject(CLAIMS, { namespace: 'plexus', name: 'net1-3' }, { resourceVersion: got.metadata.resourceVersion })).rejects.toBeInstanceOf(ConflictError);
    await client.deleteObject(CLAIMS, { namespace: 'plexus', name: 'net1-3' }, { resourceVersion: replaced.metadata.resourceVersion });
    await expect(client.getObject(CLAIMS, { namespace: 'plexus', name: 'net1-3' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.deleteObject(CLAIMS, { namespace: 'plexus', name: 'net1-3' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('serves cluster-scoped custom objects and generateName', async () => {
    const a = await client.createObject(NETWORKS, { metadata: { generateName: 'net-' }, spec: { cidr: '10.0.0.0/24' } });
    expect(a.metadata.name).toMatch(/^net-[a-z0-9]{5}$/);
    expect(a.metadata.namespace).toBeUndefined();
    const list = await client.listObjects(NETWORKS);
    expect(list.map((o) => o.metadata.name)).toEqual([a.metadata.name]);
    await client.deleteObject(NETWORKS, { name: a.metadata.name! });
    expect(await client.listObjects(NETWORKS)).toEqual([]);
  });

  it('lets exactly one of two concurrent creates of the same name win', async () => {
    const other = createKubeClient({ kubeconfigPath: emu.kubeconfigPath });
    const claim = (node: string): KubeObject => ({ metadata: { name: 'net1-7', namespace: 'plexus' }, spec: { node } });
    const results = await Promise.allSettled([client.createObject(CLAIMS, claim('n1')), other.createObject(CLAIMS, claim('n2'))]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(AlreadyExistsError);
    const stored = await client.getObject(CLAIMS, { namespace: 'plexus', name: 'net1-7' });
    expect(stored.spec).toEqual((won[0] as PromiseFulfilledResult<KubeObject>).value.spec);
  });

  it('filters lists with every label-selector form', async () => {
    const mk = (name: string, labels: Record<string, string>) => client.createObject(CLAIMS, { metadata: { name, namespace: 'p', labels }, spec: {} });
    await mk('a', { net: 'n1', node: 'x' });
    await mk('b', { net: 'n2', node: 'y' });
    await mk('c', { net: 'n1' });
    const names = async (labelSelector: string) => (await client.listObjects(CLAIMS, { namespace: 'p', labelSelector })).map((o) => o.metadata.name);
    expect(await names('net=n1')).toEqual(['a', 'c']);
    expect(await names('net==n2')).toEqual(['b']);
    expect(await names('net!=n1')).toEqual(['b']);
    expect(await names('node in (x,y)')).toEqual(['a', 'b']);
    expect(await names('node notin (x)')).toEqual(['b', 'c']);
    expect(await names('node')).toEqual(['a', 'b']);
    expect(await names('!node')).toEqual(['c']);
    expect(await names('net=n1,node')).toEqual(['a']);
  });
});
