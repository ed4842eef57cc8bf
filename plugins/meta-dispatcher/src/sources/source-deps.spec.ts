import type { NetConf } from '@plexus/cni-spec';
import { FakeHttpClient } from '@plexus/http/testing';
import { FakeKubeClient } from '@plexus/k8s/testing';
import { NodeFileStore } from '@plexus/store';
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
});
