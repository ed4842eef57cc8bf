import { readFileSync } from 'node:fs';
import { startEmulator, type Emulator } from './start-emulator';

// Raw HTTP on 127.0.0.1: these specs pin the REST shapes. libs/k8s's specs drive the same server through
// @kubernetes/client-node (only libs/k8s may import it).
describe('API emulator over HTTP', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ tokens: ['t1'] });
  });
  afterEach(() => emu.stop());

  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json', token = 't1') => {
    const res = await fetch(`${emu.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are arbitrary JSON, probed field by field
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const pod = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, ...extra }, spec: { nodeName: 'n1' } });

  it('writes a kubeconfig that points at the server with the first token', () => {
    const kc = JSON.parse(readFileSync(emu.kubeconfigPath, 'utf8'));
    expect(kc.clusters[0].cluster).toEqual({ server: emu.url, 'insecure-skip-tls-verify': true });
    expect(kc.users[0].user).toEqual({ token: 't1' });
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('rejects a missing or unknown bearer token with a 401 Status, and follows token rotation', async () => {
    expect(await call('GET', '/api/v1/nodes', undefined, undefined, 'nope')).toEqual({
      status: 401,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 },
    });
    emu.setTokens(['t2']);
    expect((await call('GET', '/api/v1/nodes')).status).toBe(401);
    expect((await call('GET', '/api/v1/nodes', undefined, undefined, 't2')).status).toBe(200);
  });

  it('creates with 201, stamps uid/creationTimestamp/resourceVersion, and answers 409 AlreadyExists', async () => {
    const a = await call('POST', '/api/v1/namespaces/default/pods', pod('web-0'));
    expect(a.status).toBe(201);
    expect(a.body.metadata).toMatchObject({ name: 'web-0', namespace: 'default', resourceVersion: '1' });
    expect(a.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.body.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const again = await call('POST', '/api/v1/namespaces/default/pods', pod('web-0'));
    expect(again).toEqual({
      status: 409,
      body: expect.objectContaining({ kind: 'Status', status: 'Failure', reason: 'AlreadyExists', code: 409, message: 'pods "web-0" already exists', details: { name: 'web-0', group: '', kind: 'pods' } }),
    });
    const b = await call('POST', '/api/v1/namespaces/default/pods', pod('', { generateName: 'web-' }));
    expect(b.body.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(Number(b.body.metadata.resourceVersion)).toBeGreaterThan(1);
  });

  it('answers 404 Status objects for missing objects and unknown routes', async () => {
    expect(await call('GET', '/apis/k8s.cni.cncf.io/v1/namespaces/ns1/network-attachment-definitions/x')).toEqual({
      status: 404,
      body: expect.objectContaining({ reason: 'NotFound', code: 404, message: 'network-attachment-definitions.k8s.cni.cncf.io "x" not found' }),
    });
    expect((await call('DELETE', '/api/v1/namespaces/default/pods/none')).status).toBe(404);
    expect((await call('GET', '/api/v1/namespaces/default/widgets')).status).toBe(404);
    // A namespaced kind addressed without its namespace has no route.
    expect((await call('GET', '/api/v1/pods/web-0')).status).toBe(404);
  });

  it('replaces with optimistic concurrency: a stale resourceVersion is 409 Conflict', async () => {
    const created = (await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'cm' }, data: { a: '1' } })).body;
    const ok = await call('PUT', '/api/v1/namespaces/default/configmaps/cm', { ...created, data: { a: '2' } });
    expect(ok.status).toBe(200);
    expect(ok.body.kind).toBe('ConfigMap');
    const stale = await call('PUT', '/api/v1/namespaces/default/configmaps/cm', { ...created, data: { a: '3' } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ reason: 'Conflict', message: expect.stringContaining('the object has been modified') });
    expect((await call('PUT', '/api/v1/namespaces/default/configmaps/cm', { metadata: { name: 'other' } })).status).toBe(400);
  });

  it('patches with merge, strategic-merge and JSON patch; other media types are 415', async () => {
    await call('POST', '/api/v1/namespaces/default/pods', pod('web-0', { annotations: { a: '1' } }));
    const merge = await call('PATCH', '/api/v1/namespaces/default/pods/web-0', { metadata: { annotations: { a: null, b: '2' } } }, 'application/merge-patch+json');
    expect(merge.body.metadata.annotations).toEqual({ b: '2' });
    const smp = await call('PATCH', '/api/v1/namespaces/default/pods/web-0', { metadata: { labels: { x: 'y' } } }, 'application/strategic-merge-patch+json');
    expect(smp.body.metadata.labels).toEqual({ x: 'y' });
    const jp = await call('PATCH', '/api/v1/namespaces/default/pods/web-0', [{ op: 'add', path: '/metadata/annotations/c', value: '3' }], 'application/json-patch+json');
    expect(jp.body.metadata.annotations).toEqual({ b: '2', c: '3' });
    const failedTest = await call('PATCH', '/api/v1/namespaces/default/pods/web-0', [{ op: 'test', path: '/metadata/name', value: 'x' }], 'application/json-patch+json');
    expect(failedTest.status).toBe(422);
    expect((await call('PATCH', '/api/v1/namespaces/default/pods/web-0', {}, 'application/json')).status).toBe(415);
    const stale = await call('PATCH', '/api/v1/namespaces/default/pods/web-0', { metadata: { resourceVersion: '1', labels: { z: 'z' } } }, 'application/merge-patch+json');
    expect(stale.status).toBe(409);
  });

  it('keeps spec on pods/status writes and status on pod writes', async () => {
    await call('POST', '/api/v1/namespaces/default/pods', { ...pod('web-0'), status: { phase: 'Pending' } });
    const s = await call('PATCH', '/api/v1/namespaces/default/pods/web-0/status', { spec: { nodeName: 'evil' }, status: { phase: 'Running' }, metadata: { annotations: { k: 'v' } } }, 'application/merge-patch+json');
    expect(s.body).toMatchObject({ spec: { nodeName: 'n1' }, status: { phase: 'Running' }, metadata: { annotations: { k: 'v' } } });
    const m = await call('PATCH', '/api/v1/namespaces/default/pods/web-0', { status: { phase: 'Failed' } }, 'application/merge-patch+json');
    expect(m.body.status).toEqual({ phase: 'Running' });
    expect((await call('GET', '/api/v1/namespaces/default/pods/web-0/status')).body.status).toEqual({ phase: 'Running' });
    expect((await call('GET', '/api/v1/namespaces/default/pods/web-0/exec')).status).toBe(404);
  });

  it('deletes with uid/resourceVersion preconditions', async () => {
    const cm = (await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'cm' } })).body;
    expect((await call('DELETE', '/api/v1/namespaces/default/configmaps/cm', { preconditions: { uid: 'other' } })).status).toBe(409);
    expect((await call('DELETE', '/api/v1/namespaces/default/configmaps/cm', { preconditions: { resourceVersion: '999' } })).status).toBe(409);
    const del = await call('DELETE', '/api/v1/namespaces/default/configmaps/cm', { preconditions: { uid: cm.metadata.uid, resourceVersion: cm.metadata.resourceVersion } });
    expect(del.status).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/cm')).status).toBe(404);
  });

  it('lists with label and field selectors, per namespace and across namespaces, as a typed List', async () => {
    await call('POST', '/api/v1/namespaces/a/pods', pod('p1', { labels: { app: 'web' } }));
    await call('POST', '/api/v1/namespaces/b/pods', pod('p2', { labels: { app: 'db' } }));
    await call('POST', '/api/v1/namespaces/b/pods', pod('p3'));
    const names = async (path: string) => (await call('GET', path)).body.items.map((p: { metadata: { name: string } }) => p.metadata.name);
    const all = await call('GET', '/api/v1/pods');
    expect(all.body).toMatchObject({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '3' } });
    expect(await names('/api/v1/pods')).toEqual(['p1', 'p2', 'p3']);
    expect(await names('/api/v1/namespaces/b/pods')).toEqual(['p2', 'p3']);
    expect(await names(`/api/v1/pods?labelSelector=${encodeURIComponent('app in (web,db)')}`)).toEqual(['p1', 'p2']);
    expect(await names(`/api/v1/pods?labelSelector=${encodeURIComponent('!app')}`)).toEqual(['p3']);
    expect(await names(`/api/v1/pods?fieldSelector=${encodeURIComponent('metadata.namespace=b,metadata.name!=p2')}`)).toEqual(['p3']);
    expect(await names(`/api/v1/pods?fieldSelector=${encodeURIComponent('spec.nodeName==n1')}`)).toEqual(['p1', 'p2', 'p3']);
    expect((await call('GET', `/api/v1/pods?labelSelector=${encodeURIComponent('a in (b')}`)).status).toBe(400);
  });

  it('serves any custom resource, namespaced or cluster-scoped, learning its kind on first create', async () => {
    const created = await call('POST', '/apis/plexus.io/v1alpha1/clusternetworks', { apiVersion: 'plexus.io/v1alpha1', kind: 'ClusterNetwork', metadata: { name: 'n', namespace: 'ignored' } });
    expect(created.status).toBe(201);
    expect(created.body.metadata.namespace).toBeUndefined();
    expect((await call('GET', '/apis/plexus.io/v1alpha1/clusternetworks')).body.kind).toBe('ClusterNetworkList');
    expect((await call('POST', '/apis/plexus.io/v1alpha1/namespaces/x/claims', { metadata: { name: 'c' } })).status).toBe(400);
    const mismatch = await call('POST', '/apis/k8s.cni.cncf.io/v1/namespaces/a/network-attachment-definitions', { metadata: { name: 'n', namespace: 'b' } });
    expect(mismatch.body.message).toContain('does not match the namespace');
    const discovery = await call('GET', '/apis/plexus.io/v1alpha1');
    expect(discovery.body.resources).toEqual([expect.objectContaining({ name: 'clusternetworks', kind: 'ClusterNetwork', namespaced: false })]);
    expect((await call('GET', '/apis')).body.groups.map((g: { name: string }) => g.name)).toEqual(['k8s.cni.cncf.io', 'plexus.io']);
    expect((await call('GET', '/api/v1')).body.resources.map((r: { name: string }) => r.name)).toContain('pods/status');
  });

  it('injects latency, errors and dropped connections through the admin endpoint and logs requests', async () => {
    const admin = (method: string, path: string, body?: unknown) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- admin answers are arbitrary JSON
      fetch(`${emu.url}/_emulator/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
    await admin('POST', 'faults', { latencyMs: 200, latencyPath: '/nodes', rules: [{ action: 'error', status: 503, count: 1, method: 'GET' }, { action: 'drop', count: 1, path: '/configmaps' }] });
    const started = Date.now();
    expect((await call('GET', '/api/v1/nodes')).body).toMatchObject({ code: 503, reason: 'ServiceUnavailable' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await expect(fetch(`${emu.url}/api/v1/namespaces/a/configmaps`, { headers: { authorization: 'Bearer t1' } })).rejects.toThrow();
    await admin('POST', 'faults', { reset: true });
    expect((await call('GET', '/api/v1/nodes')).status).toBe(200);
    const log = await admin('GET', 'requests');
    expect(log.requests.map((r: { status: number; fault?: string }) => [r.status, r.fault ?? null])).toEqual([[503, 'error'], [0, 'drop'], [200, null]]);
    expect(log.byMethod).toEqual({ GET: 3 });
    await admin('DELETE', 'requests');
    expect(emu.requests.count()).toBe(0);
    await admin('POST', 'tokens', { tokens: ['rotated'] });
    expect((await call('GET', '/api/v1/nodes')).status).toBe(401);
    await admin('POST', 'seed', { objects: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n9' } }] });
    expect(emu.store.get({ group: '', plural: 'nodes', name: 'n9' })?.metadata.uid).toBeTruthy();
  });
});
