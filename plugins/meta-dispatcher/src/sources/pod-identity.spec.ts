import { CniCode, type CniArgs } from '@plexus/cni-spec';
import { tryAgainLater } from '@plexus/cni-spec';
import { loadPodAnnotations, CRI_POD_ANNOTATIONS } from './pod-annotations';
import { readPodIdentity } from './pod-identity';
import { caught, caughtSync, makeSourceFixture, podArgs } from './testing/source-fixture';

describe('readPodIdentity', () => {
  it('reads the pod and optional uid / infra container id', () => {
    expect(readPodIdentity(podArgs('ns1', 'web-0.a', [['K8S_POD_UID', 'u-1']]))).toEqual({ namespace: 'ns1', name: 'web-0.a', uid: 'u-1', infraContainerId: 'ctr-1' });
    expect(readPodIdentity([['IgnoreUnknown', '1']])).toBeUndefined();
    expect(readPodIdentity([])).toBeUndefined();
  });

  it.each<[string, CniArgs, string]>([
    ['namespace only', [['K8S_POD_NAMESPACE', 'ns']], 'sent together'],
    ['name only', [['K8S_POD_NAME', 'p']], 'sent together'],
    ['bad namespace', [['K8S_POD_NAMESPACE', 'NS'], ['K8S_POD_NAME', 'p']], 'K8S_POD_NAMESPACE "NS"'],
    ['traversal name', [['K8S_POD_NAMESPACE', 'ns'], ['K8S_POD_NAME', '../p']], 'K8S_POD_NAME'],
    ['slash name', [['K8S_POD_NAMESPACE', 'ns'], ['K8S_POD_NAME', 'a/b']], 'K8S_POD_NAME'],
  ])('refuses %s with code 7 naming CNI_ARGS', (_n, args, problem) => {
    const e = caughtSync(() => readPodIdentity(args));
    expect(e).toMatchObject({ code: CniCode.InvalidConfig, msg: 'invalid CNI_ARGS' });
    expect(e.details).toContain(problem);
  });
});

describe('loadPodAnnotations', () => {
  const pod = { namespace: 'default', name: 'web-0', uid: 'uid-web' };

  it('takes runtimeConfig annotations without any API call or client', async () => {
    const f = makeSourceFixture({ runtimeConfig: { [CRI_POD_ANNOTATIONS]: { a: 'b' } } });
    expect(await loadPodAnnotations(f.ctx, pod)).toEqual({ annotations: { a: 'b' }, from: 'runtime' });
    expect(f.kube.apiCallCount()).toBe(0);
    expect(f.kubeCreated()).toBe(0);
  });

  it('GETs the pod once when the runtime passed none', async () => {
    const f = makeSourceFixture();
    f.kube.addPod({ metadata: { namespace: 'default', name: 'web-0', uid: 'uid-web', annotations: { x: 'y' } } });
    expect(await loadPodAnnotations(f.ctx, pod)).toEqual({ annotations: { x: 'y' }, from: 'api' });
    expect(f.kube.apiCallCount()).toBe(1);
  });

  it('returns nothing (and says so in the log) without an API', async () => {
    const f = makeSourceFixture({ api: false });
    expect(await loadPodAnnotations(f.ctx, pod)).toEqual({ annotations: {}, from: 'none' });
    expect(f.logLines.some((l) => String(l.msg).includes('no pod annotations'))).toBe(true);
  });

  it.each([
    ['a missing pod', () => undefined, CniCode.UnknownContainer, 'pod not found'],
    ['a replaced pod', (f: ReturnType<typeof makeSourceFixture>) => f.kube.addPod({ metadata: { namespace: 'default', name: 'web-0', uid: 'other' } }), CniCode.UnknownContainer, 'pod was replaced'],
    ['a transient API failure', (f: ReturnType<typeof makeSourceFixture>) => f.kube.failNext('getPod', tryAgainLater('failed to get pod', 'timeout')), CniCode.TryAgainLater, 'failed to get pod'],
    ['a forbidden GET', (f: ReturnType<typeof makeSourceFixture>) => f.kube.failNext('getPod', new Error('403 Forbidden')), CniCode.Internal, 'failed to read pod "default/web-0"'],
  ])('maps %s', async (_n, setup, code, msg) => {
    const f = makeSourceFixture();
    setup(f);
    const e = await caught(loadPodAnnotations(f.ctx, pod));
    expect(e).toMatchObject({ code, msg });
    expect(e.details).toContain('pod "default/web-0"');
  });

  it.each([
    ['a string', 'a=b'],
    ['a list', ['a']],
    ['a non-string value', { a: 1 }],
  ])('refuses runtime annotations that are %s', async (_n, value) => {
    const f = makeSourceFixture({ runtimeConfig: { [CRI_POD_ANNOTATIONS]: value } });
    const e = await caught(loadPodAnnotations(f.ctx, pod));
    expect(e).toMatchObject({ code: CniCode.InvalidConfig, msg: `invalid runtimeConfig.${CRI_POD_ANNOTATIONS}` });
  });
});
