import { tryAgainLater } from '@plexus/cni-spec';
import { AlreadyExistsError, ConflictError, NotFoundError } from './errors';
import { FAKE_PODS, FakeClock, FakeKubeClient } from './testing';
import type { ResourceType } from './types';

const CLAIMS: ResourceType = { group: 'plexus.io', version: 'v1alpha1', plural: 'hostindexclaims', kind: 'HostIndexClaim' };

describe('FakeKubeClient', () => {
  it('keeps the optimistic-concurrency contract of the real API', async () => {
    const kube = new FakeKubeClient();
    const a = await kube.createObject(CLAIMS, { metadata: { name: 'c1', namespace: 'p' }, spec: { node: 'n1' } });
    expect(a).toMatchObject({ apiVersion: 'plexus.io/v1alpha1', kind: 'HostIndexClaim', metadata: { resourceVersion: '1' } });
    await expect(kube.createObject(CLAIMS, { metadata: { name: 'c1', namespace: 'p' } })).rejects.toBeInstanceOf(AlreadyExistsError);
    const b = await kube.replaceObject(CLAIMS, { ...a, spec: { node: 'n2' } });
    expect(b.metadata.resourceVersion).toBe('2');
    expect(b.metadata.uid).toBe(a.metadata.uid);
    await expect(kube.replaceObject(CLAIMS, a)).rejects.toBeInstanceOf(ConflictError);
    await expect(kube.deleteObject(CLAIMS, { namespace: 'p', name: 'c1' }, { resourceVersion: '1' })).rejects.toBeInstanceOf(ConflictError);
    await kube.deleteObject(CLAIMS, { namespace: 'p', name: 'c1' });
    await expect(kube.getObject(CLAIMS, { namespace: 'p', name: 'c1' })).rejects.toBeInstanceOf(NotFoundError);
    expect(kube.apiCallCount()).toBe(7);
  });

  it('lists by namespace and label selector', async () => {
    const kube = new FakeKubeClient();
    kube.seed(CLAIMS, { metadata: { name: 'a', namespace: 'p', labels: { net: 'n1' } } });
    kube.seed(CLAIMS, { metadata: { name: 'b', namespace: 'q', labels: { net: 'n2' } } });
    expect((await kube.listObjects(CLAIMS, { labelSelector: 'net in (n1,n2)' })).map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect((await kube.listObjects(CLAIMS, { namespace: 'q' })).map((o) => o.metadata.name)).toEqual(['b']);
    expect((await kube.listObjects(CLAIMS, { labelSelector: '!net' }))).toEqual([]);
    await expect(kube.listObjects(CLAIMS, { labelSelector: 'net in (' })).rejects.toThrow('invalid label selector');
  });

  it('merges pod annotations, records events and fails on demand', async () => {
    const kube = new FakeKubeClient(new FakeClock());
    kube.addPod({ metadata: { name: 'web', namespace: 'default', annotations: { a: '1', b: '2' } } });
    const pod = await kube.patchPodAnnotations('default', 'web', { b: null, c: '3' });
    expect(pod.metadata.annotations).toEqual({ a: '1', c: '3' });
    expect(kube.stored(FAKE_PODS, { namespace: 'default', name: 'web' })?.metadata.annotations).toEqual({ a: '1', c: '3' });

    await kube.createPodEvent({ pod: { namespace: 'default', name: 'web' }, reason: 'AddedInterface', message: 'net1' });
    expect(kube.events.map((e) => e.reason)).toEqual(['AddedInterface']);

    kube.failNext('getPod', tryAgainLater('failed to get pods "default/web"'));
    await expect(kube.getPod('default', 'web')).rejects.toMatchObject({ code: 11 });
    await expect(kube.getPod('default', 'web')).resolves.toMatchObject({ metadata: { name: 'web' } });
    await expect(kube.getPod('default', 'nope')).rejects.toThrow('pods "default/nope" not found');
    expect(kube.calls.map((c) => c.method)).toEqual(['patchPodAnnotations', 'createPodEvent', 'getPod', 'getPod', 'getPod']);
  });

  it('generates names and serves nodes and NADs', async () => {
    const kube = new FakeKubeClient();
    const o = await kube.createObject(CLAIMS, { metadata: { generateName: 'claim-', namespace: 'p' } });
    expect(o.metadata.name).toMatch(/^claim-/);
    kube.addNode({ metadata: { name: 'n1', labels: { zone: 'a' } } });
    expect((await kube.listNodes({ labelSelector: 'zone=a' })).map((n) => n.metadata.name)).toEqual(['n1']);
    await expect(kube.getNode('n2')).rejects.toBeInstanceOf(NotFoundError);
    kube.addNetworkAttachmentDefinition({ metadata: { name: 'macvlan', namespace: 'default' }, spec: { config: '{}' } });
    expect((await kube.getNetworkAttachmentDefinition('default', 'macvlan')).spec?.config).toBe('{}');
  });
});
