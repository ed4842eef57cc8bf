import { startEmulator, type Emulator } from '@plexus/kube-emulator';
import { CniCode, isCniError } from '@plexus/cni-spec';
import { getProcessApiCallCount } from './api-call-counter';
import type { Clock } from './clock';
import { loadClientNode } from './client-node';
import { createKubeClient } from './create-kube-client';
import { AlreadyExistsError, KubeApiError, NotFoundError } from './errors';
import { FakeClock } from './testing';
import type { ResourceType } from './types';

const CLAIMS: ResourceType = { group: 'plexus.io', version: 'v1alpha1', plural: 'hostindexclaims', kind: 'HostIndexClaim' };
const POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default' } };

beforeAll(() => loadClientNode(), 120_000);

describe('ApiKubeClient timeouts, retries and fault handling', () => {
  let emu: Emulator;
  let clock: FakeClock;

  beforeEach(async () => {
    emu = await startEmulator();
    emu.seed(POD);
    clock = new FakeClock();
  });
  afterEach(() => emu.stop());

  const client = (opts: { timeoutMs?: number; retries?: number; clock?: Clock } = {}) =>
    createKubeClient({ kubeconfigPath: emu.kubeconfigPath, timeoutMs: 1000, retries: 3, clock, ...opts });

  it('retries 503 and 429 with exponential backoff, then succeeds', async () => {
    emu.faults.failNext(2, 503, { path: '/pods/' }).failNext(1, 429, { path: '/pods/' });
    const c = client();
    const before = getProcessApiCallCount();
    const pod = await c.getPod('default', 'web-0');
    expect(pod.metadata.name).toBe('web-0');
    expect(clock.sleeps).toEqual([100, 200, 400]);
    expect(c.apiCallCount()).toBe(4);
    expect(getProcessApiCallCount() - before).toBe(4);
    expect(emu.requests.list().map((r) => r.status)).toEqual([503, 503, 429, 200]);
  });

  it('gives up after the retry budget with code 11 naming the operation and object', async () => {
    emu.faults.failNext(10, 500);
    const err = await client({ retries: 2 }).getPod('default', 'web-0').catch((e: unknown) => e);
    expect(isCniError(err)).toBe(true);
    expect(err).toMatchObject({ code: CniCode.TryAgainLater, msg: 'failed to get pods "default/web-0"' });
    expect((err as Error).message).toMatch(/500 InternalError.*3 attempts/);
    expect(emu.requests.count()).toBe(3);
  });

  it('bounds a slow API server: each attempt times out, then code 11', async () => {
    emu.faults.setLatency(3000);
    const started = Date.now();
    const err = await client({ timeoutMs: 150, retries: 1 }).getPod('default', 'web-0').catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(err).toMatchObject({ code: CniCode.TryAgainLater, msg: 'failed to get pods "default/web-0"' });
    expect((err as Error).message).toContain('timed out after 150 ms (2 attempts)');
    // Two 150 ms attempts, not the 3 s the server would take.
    expect(elapsed).toBeLessThan(2000);
    expect(clock.sleeps).toEqual([100]);
  });

  it('succeeds when latency stays under the timeout', async () => {
    emu.faults.setLatency(50);
    await expect(client({ timeoutMs: 2000 }).getPod('default', 'web-0')).resolves.toMatchObject({ metadata: { name: 'web-0' } });
    expect(clock.sleeps).toEqual([]);
  });

  it('retries a dropped connection', async () => {
    emu.faults.dropNext(1, { method: 'POST' });
    const c = client();
    const created = await c.createObject(CLAIMS, { metadata: { name: 'net1-1', namespace: 'plexus' }, spec: {} });
    expect(created.metadata.name).toBe('net1-1');
    expect(emu.requests.list({ method: 'POST' }).map((r) => r.status)).toEqual([0, 201]);
  });

  it('flags AlreadyExists as ambiguous when an earlier timed-out attempt of the same create got through', async () => {
    emu.faults.setLatency(300, { method: 'POST' });
    // The backoff sleep lets the delayed first create land, then lifts the latency so the retry answers at once.
    const waitingClock: Clock = {
      now: () => new Date(),
      sleep: async () => {
        await new Promise((r) => setTimeout(r, 800));
        emu.faults.reset();
      },
    };
    const err = await client({ timeoutMs: 150, clock: waitingClock })
      .createObject(CLAIMS, { metadata: { name: 'net1-2', namespace: 'plexus' }, spec: {} })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlreadyExistsError);
    expect(err).toMatchObject({ ambiguous: true });
  });

  it('retries a 409 on the pod status merge patch', async () => {
    emu.faults.failNext(1, 409, { method: 'PATCH' });
    const pod = await client().patchPodAnnotations('default', 'web-0', { a: 'b' });
    expect(pod.metadata.annotations).toEqual({ a: 'b' });
    expect(emu.requests.list({ method: 'PATCH' }).map((r) => r.status)).toEqual([409, 200]);
  });

  it('does not retry requests the server refuses (400) and names them', async () => {
    const err = await client()
      .listObjects(CLAIMS, { namespace: 'plexus', labelSelector: 'a in (b' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ status: 400, reason: 'BadRequest' });
    expect((err as Error).message).toContain('failed to list hostindexclaims.plexus.io in namespace "plexus"');
    expect(emu.requests.count()).toBe(1);
  });

  it('does not retry 404 even after transient failures, and marks it ambiguous for writes', async () => {
    emu.faults.failNext(1, 503, { method: 'DELETE' });
    const err = await client()
      .deleteObject(CLAIMS, { namespace: 'plexus', name: 'nope' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ ambiguous: true });
    expect(emu.requests.count()).toBe(2);
  });
});
