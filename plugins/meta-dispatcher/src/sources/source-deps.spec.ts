import type { NetConf } from '@plexus/cni-spec';
import { FakeHttpClient } from '@plexus/http/testing';
import { FakeKubeClient } from '@plexus/k8s/testing';
import { NodeFileStore } from '@plexus/store';
import { MemoryFileStore } from '@plexus/store/testing';
import { NodeCacheWriter } from '@plexus/node-cache';
import { NETWORK_ATTACHMENT_DEFINITIONS } from '@plexus/k8s';
import { parseDispatcherConfig } from '../config/parse-dispatcher-config';
import { createSourceDeps, once } from './source-deps';

const config = (extra: Record<string, unknown> = {}) => parseDispatcherConfig({ cniVersion: '1.1.0', name: 'p', type: 'meta-dispatcher', ...extra } as NetConf);

describe('createSourceDeps', () => {
  it('has no API without kubeconfig or in-cluster env', () => {
    expect(createSourceDeps(config(), { env: {} }).kube).toBeUndefined();
  });

  it.each([
    ['a kubeconfig', { kubeconfig: '/etc/kube.conf' }, {}],
    ['in-cluster env', {}, { KUBERNETES_SERVICE_HOST: '10.96.0.1' }],
  ])('has an API with %s, built lazily and once', (_n, extra, env) => {
    const deps = createSourceDeps(config(extra), { env });
    expect(deps.kube).toBeDefined();
    const a = deps.kube!();
    expect(deps.kube!()).toBe(a);
    expect(typeof a.apiCallCount).toBe('function');
    expect(a.apiCallCount()).toBe(0);
  });

  it('uses injected factories only on first use, and the real file store by default', () => {
    let made = 0;
    const fake = new FakeKubeClient();
    const http = new FakeHttpClient();
    const deps = createSourceDeps(config(), {
      env: {},
      createKube: () => {
        made++;
        return fake;
      },
      createHttp: () => http,
    });
    expect(made).toBe(0);
    expect(deps.kube!()).toBe(fake);
    expect(deps.kube!()).toBe(fake);
    expect(made).toBe(1);
    expect(deps.http()).toBe(http);
    expect(deps.files).toBeInstanceOf(NodeFileStore);
  });
});

describe('once', () => {
  it('memoises even an undefined value', () => {
    let n = 0;
    const f = once(() => {
      n++;
      return undefined;
    });
    f();
    f();
    expect(n).toBe(1);
  });

  it('with nodeCache, serves a cached NAD without creating the client, and a miss from the API', async () => {
    const files = new MemoryFileStore();
    const writer = new NodeCacheWriter(files, '/run/plexus/cache');
    await writer.writeState({ heartbeatAt: new Date().toISOString(), synced: { 'k8s.cni.cncf.io/network-attachment-definitions': '3' } });
    const nad = { apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { namespace: 'default', name: 'a', resourceVersion: '2' }, spec: { config: '{}' } };
    await writer.upsert(NETWORK_ATTACHMENT_DEFINITIONS, nad);
    let made = 0;
    const fake = new FakeKubeClient();
    const deps = createSourceDeps(config({ kubeconfig: '/k', nodeCache: '/run/plexus/cache' }), { env: {}, files, createKube: () => (made++, fake) });
    expect(await deps.kube!().getNetworkAttachmentDefinition('default', 'a')).toEqual(nad);
    expect(made).toBe(0);
    await expect(deps.kube!().getNetworkAttachmentDefinition('default', 'b')).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(made).toBe(1);
  });

  it('refuses a relative nodeCache', () => {
    expect(() => config({ nodeCache: 'run/plexus' })).toThrow(/invalid nodeCache/);
  });
});
