import { NETWORK_ATTACHMENT_DEFINITIONS } from '@plexus/k8s';
import { FAKE_PODS, FakeKubeClient } from '@plexus/k8s/testing';
import { NodeFileStore } from '@plexus/store';
import { MemoryFileStore } from '@plexus/store/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withNodeCache } from './cached-kube-client';
import { objectPath } from './cache-layout';
import { NodeCacheReader } from './node-cache-reader';
import { NodeCacheWriter } from './node-cache-writer';

const NAD = (name: string, rv = '1') => ({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { namespace: 'default', name, resourceVersion: rv }, spec: { config: `{"name":"${name}"}` } });
const DANMNET = { group: 'danm.plexus.io', version: 'v1', plural: 'danmnets', kind: 'DanmNet' };
const T0 = Date.parse('2026-01-01T00:00:00Z');

async function setup(synced: Record<string, string> = { 'k8s.cni.cncf.io/network-attachment-definitions': '5' }, heartbeatAt = T0) {
  const files = new MemoryFileStore();
  const writer = new NodeCacheWriter(files, '/run/plexus/cache');
  await writer.writeState({ heartbeatAt: new Date(heartbeatAt).toISOString(), synced });
  const kube = new FakeKubeClient();
  let made = 0;
  const client = withNodeCache(() => (made++, kube), new NodeCacheReader(files, '/run/plexus/cache', () => T0 + 1000));
  return { files, writer, kube, client, made: () => made };
}

describe('node cache', () => {
  it('a hit is served from the file without creating the API client', async () => {
    const { writer, client, made } = await setup();
    await writer.upsert(NETWORK_ATTACHMENT_DEFINITIONS, NAD('net-a', '4'));
    expect(await client.getNetworkAttachmentDefinition('default', 'net-a')).toEqual(NAD('net-a', '4'));
    expect(made()).toBe(0);
    expect(client.cacheStats()).toEqual({ hits: 1, misses: 0 });
    expect(client.apiCallCount()).toBe(0);
  });

  it('a NAD deleted in the API (watch DELETED → file removed) is not served from the cache; the API decides', async () => {
    const { writer, client, kube } = await setup();
    await writer.upsert(NETWORK_ATTACHMENT_DEFINITIONS, NAD('net-a'));
    await writer.remove(NETWORK_ATTACHMENT_DEFINITIONS, NAD('net-a'));
    await expect(client.getNetworkAttachmentDefinition('default', 'net-a')).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(kube.calls.map((c) => c.method)).toEqual(['getNetworkAttachmentDefinition']);
    expect(client.cacheStats()).toEqual({ hits: 0, misses: 1 });
  });

  it('replaceAll (re-list) drops objects the API no longer has', async () => {
    const { writer, files } = await setup();
    await writer.upsert(NETWORK_ATTACHMENT_DEFINITIONS, NAD('old'));
    await writer.replaceAll(NETWORK_ATTACHMENT_DEFINITIONS, [NAD('new')]);
    expect(files.files.has(objectPath('/run/plexus/cache', NETWORK_ATTACHMENT_DEFINITIONS, 'default', 'old')!)).toBe(false);
    expect(files.files.has(objectPath('/run/plexus/cache', NETWORK_ATTACHMENT_DEFINITIONS, 'default', 'new')!)).toBe(true);
  });

  it.each([
    ['the heartbeat is stale (agent gone)', {}, T0 - 60_000],
    ['the resource is not synced', { 'core/pods': '3' }, T0],
  ])('goes to the API when %s', async (_why, synced, heartbeat) => {
    const { writer, client, kube } = await setup(synced, heartbeat);
    await writer.upsert(NETWORK_ATTACHMENT_DEFINITIONS, NAD('net-a'));
    kube.addNetworkAttachmentDefinition(NAD('net-a', '9') as never);
    await client.getNetworkAttachmentDefinition('default', 'net-a');
    expect(kube.calls.map((c) => c.method)).toEqual(['getNetworkAttachmentDefinition']);
    expect(client.cacheStats()).toEqual({ hits: 0, misses: 1 });
  });

  it('serves DANM-style objects (namespaced and cluster-scoped) by type', async () => {
    const { writer, client } = await setup({ 'danm.plexus.io/danmnets': '2' });
    await writer.upsert(DANMNET, { apiVersion: 'danm.plexus.io/v1', kind: 'DanmNet', metadata: { namespace: 'ns1', name: 'd1' } });
    expect((await client.getObject(DANMNET, { namespace: 'ns1', name: 'd1' })).metadata.name).toBe('d1');
  });

  it('never turns a hostile name into a path', async () => {
    expect(objectPath('/r', NETWORK_ATTACHMENT_DEFINITIONS, 'default', '../../etc/passwd')).toBeUndefined();
    expect(objectPath('/r', NETWORK_ATTACHMENT_DEFINITIONS, '..', 'x')).toBeUndefined();
  });

  it('without agent state everything goes to the API; writes always do', async () => {
    const files = new MemoryFileStore();
    const kube = new FakeKubeClient();
    const client = withNodeCache(() => kube, new NodeCacheReader(files, '/run/plexus/cache'));
    await expect(client.getNetworkAttachmentDefinition('default', 'x')).rejects.toMatchObject({ name: 'NotFoundError' });
    await client.createPodEvent({ namespace: 'd', podName: 'p', reason: 'r', message: 'm', type: 'Normal' } as never).catch(() => undefined);
    expect(kube.calls.map((c) => c.method)).toEqual(['getNetworkAttachmentDefinition', 'createPodEvent']);
  });

  it('lists a synced resource (every namespace); an untrusted cache lists nothing', async () => {
    // A real directory: listing walks the namespace directories, which the in-memory store does not model.
    const root = mkdtempSync(join(tmpdir(), 'plxcache-'));
    try {
      const files = new NodeFileStore();
      const writer = new NodeCacheWriter(files, root);
      await writer.writeState({ heartbeatAt: new Date(T0).toISOString(), synced: { 'k8s.cni.cncf.io/network-attachment-definitions': '5' } });
      await writer.upsert(NETWORK_ATTACHMENT_DEFINITIONS, NAD('net-a'));
      await writer.upsert(NETWORK_ATTACHMENT_DEFINITIONS, { ...NAD('net-b'), metadata: { namespace: 'other', name: 'net-b' } });
      const listed = await new NodeCacheReader(files, root, () => T0).list(NETWORK_ATTACHMENT_DEFINITIONS);
      expect(listed.kind === 'listed' && listed.objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual(['default/net-a', 'other/net-b']);
      expect(await new NodeCacheReader(files, root, () => T0 + 60_000).list(NETWORK_ATTACHMENT_DEFINITIONS)).toEqual({ kind: 'unavailable', why: 'agent heartbeat 60 s old' });
      expect(await new NodeCacheReader(files, root, () => T0).list(DANMNET)).toEqual({ kind: 'unavailable', why: 'danm.plexus.io/danmnets not synced' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  describe('pods (served only with the UID the runtime passed)', () => {
    const POD = (uid: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name: 'web-0', uid, annotations: { from: uid } } });
    const podsSynced = { 'core/pods': '7' };

    it('a cached pod whose uid is K8S_POD_UID is a hit: no API client, no request', async () => {
      const { writer, client, made } = await setup(podsSynced);
      await writer.upsert(FAKE_PODS, POD('uid-1'));
      expect((await client.getPod('default', 'web-0', { uid: 'uid-1' })).metadata.annotations).toEqual({ from: 'uid-1' });
      expect(made()).toBe(0);
      expect(client.cacheStats()).toEqual({ hits: 1, misses: 0 });
    });

    it('a pod recreated under the same name (cached uid differs) goes to the API', async () => {
      const { writer, client, kube } = await setup(podsSynced);
      await writer.upsert(FAKE_PODS, POD('uid-old'));
      kube.seed(FAKE_PODS, POD('uid-new'));
      expect((await client.getPod('default', 'web-0', { uid: 'uid-new' })).metadata.uid).toBe('uid-new');
      expect(kube.calls.map((c) => c.method)).toEqual(['getPod']);
      expect(client.cacheStats()).toEqual({ hits: 0, misses: 1 });
    });

    it.each([
      ['no K8S_POD_UID was passed', undefined],
      ['an empty K8S_POD_UID', { uid: '' }],
      ['no expectation at all', {}],
    ])('goes to the API when %s (the cached pod cannot be checked)', async (_why, expect_) => {
      const { writer, client, kube } = await setup(podsSynced);
      await writer.upsert(FAKE_PODS, POD('uid-1'));
      kube.seed(FAKE_PODS, POD('uid-1'));
      await client.getPod('default', 'web-0', expect_);
      expect(kube.calls.map((c) => c.method)).toEqual(['getPod']);
      expect(client.cacheStats()).toEqual({ hits: 0, misses: 1 });
    });

    it('a pod not (yet) in the cache is a miss the API answers', async () => {
      const { client, kube } = await setup(podsSynced);
      kube.seed(FAKE_PODS, POD('uid-2'));
      expect((await client.getPod('default', 'web-0', { uid: 'uid-2' })).metadata.uid).toBe('uid-2');
      expect(client.cacheStats()).toEqual({ hits: 0, misses: 1 });
    });

    it('a stale agent (old heartbeat) is not trusted for pods either', async () => {
      const { writer, client, kube } = await setup(podsSynced, T0 - 60_000);
      await writer.upsert(FAKE_PODS, POD('uid-1'));
      kube.seed(FAKE_PODS, { ...POD('uid-1'), metadata: { ...POD('uid-1').metadata, annotations: { from: 'api' } } });
      expect((await client.getPod('default', 'web-0', { uid: 'uid-1' })).metadata.annotations).toEqual({ from: 'api' });
      expect(kube.calls.map((c) => c.method)).toEqual(['getPod']);
    });
  });
});
