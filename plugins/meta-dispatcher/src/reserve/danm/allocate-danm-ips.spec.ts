import { CniCode, tryAgainLater } from '@plexus/cni-spec';
import { ConflictError, type KubeObject } from '@plexus/k8s';
import { FakeClock, FakeKubeClient } from '@plexus/k8s/testing';
import { DispatcherCode } from '../../errors/dispatcher-errors';
import { caught } from '../../sources/testing/source-fixture';
import { DANM_RESOURCES } from '../../plan/danm-network';
import { allocateDanmIps } from './allocate-danm-ips';
import { releaseDanmIps } from './release-danm-ips';

const ref = { kind: 'DanmNet' as const, namespace: 'ns', name: 'data' };
const owner = { containerId: 'c1', ifName: 'eth1' };
const pod = { namespace: 'ns', name: 'p' };

function seeded(spec: Record<string, unknown> = { cidr: '10.0.0.0/24', cidr6: '2001:db8::/64' }) {
  const kube = new FakeKubeClient();
  kube.seed(DANM_RESOURCES.DanmNet, { metadata: { namespace: 'ns', name: 'data' }, spec });
  const stored = () => kube.stored<KubeObject>(DANM_RESOURCES.DanmNet, { namespace: 'ns', name: 'data' })!;
  return { kube, stored };
}

describe('allocateDanmIps / releaseDanmIps (FakeKubeClient)', () => {
  it('records the addresses with their owner in the network object, and frees them by owner', async () => {
    const { kube, stored } = seeded();
    const got = await allocateDanmIps(kube, ref, { ip: 'dynamic', ip6: 'dynamic' }, owner, { pod });
    expect(got.addresses).toEqual(['10.0.0.1/24', '2001:db8::1/64']);
    expect(got.network.networkId).toBe('data');
    expect(stored().spec).toMatchObject({
      allocations: { '10.0.0.1': owner, '2001:db8::1': owner },
      allocationPool: { lastIp: '10.0.0.1' },
      allocationPool6: { lastIp: '2001:db8::1' },
    });
    expect((await releaseDanmIps(kube, ref, owner)).sort()).toEqual(['10.0.0.1', '2001:db8::1']);
    expect(stored().spec).toMatchObject({ allocations: {} });
  });

  it('repeats idempotently without writing, and release of nothing writes nothing', async () => {
    const { kube } = seeded();
    const first = await allocateDanmIps(kube, ref, { ip: 'dynamic', ip6: 'none' }, owner);
    const writes = () => kube.calls.filter((c) => c.method === 'replaceObject').length;
    expect(writes()).toBe(1);
    expect((await allocateDanmIps(kube, ref, { ip: 'dynamic', ip6: 'none' }, owner)).addresses).toEqual(first.addresses);
    expect(writes()).toBe(1);
    expect(await releaseDanmIps(kube, ref, { containerId: 'other', ifName: 'eth1' })).toEqual([]);
    expect(writes()).toBe(1);
  });

  it('re-reads and retries after a conflict, sleeping a jittered bounded time', async () => {
    const { kube } = seeded();
    const clock = new FakeClock();
    kube.failNext('replaceObject', new ConflictError('danmnets "ns/data"', 'stale'), 2);
    const got = await allocateDanmIps(kube, ref, { ip: '10.0.0.9', ip6: 'none' }, owner, { clock, random: () => 0.5 });
    expect(got.addresses).toEqual(['10.0.0.9/24']);
    expect(kube.calls.filter((c) => c.method === 'getObject')).toHaveLength(3);
    expect(clock.sleeps).toEqual([5, 10]);
  });

  it('gives up with code 11 after the bounded attempts', async () => {
    const { kube } = seeded();
    kube.failNext('replaceObject', new ConflictError('danmnets "ns/data"', 'stale'), 10);
    const e = await caught(allocateDanmIps(kube, ref, { ip: 'dynamic', ip6: 'none' }, owner, { maxAttempts: 3, clock: new FakeClock(), pod }));
    expect(e.code).toBe(CniCode.TryAgainLater);
    expect(e.details).toContain('pod "ns/p", network "DanmNet ns/data"');
    expect(kube.calls.filter((c) => c.method === 'replaceObject')).toHaveLength(3);
  });

  it.each<[string, () => ReturnType<typeof seeded>, object, number, string]>([
    ['a missing network', () => ({ kube: new FakeKubeClient(), stored: () => ({}) as KubeObject }), { ip: 'dynamic', ip6: 'none' }, DispatcherCode.NetworkNotFound, 'does not exist'],
    ['an invalid network', () => seeded({ cidr: 'nope' }), { ip: 'dynamic', ip6: 'none' }, CniCode.InvalidConfig, 'not an IPv4 CIDR'],
    ['a damaged record', () => seeded({ cidr: '10.0.0.0/24', allocations: [] }), { ip: 'dynamic', ip6: 'none' }, CniCode.InvalidConfig, 'must be an object, got a list'],
    ['a full pool', () => seeded({ cidr: '10.0.0.0/30', allocations: { '10.0.0.1': { containerId: 'x', ifName: 'a' }, '10.0.0.2': { containerId: 'y', ifName: 'a' } } }), { ip: 'dynamic', ip6: 'none' }, DispatcherCode.PoolExhausted, 'is full'],
    ['a static address in use', () => seeded({ cidr: '10.0.0.0/24', allocations: { '10.0.0.5': { containerId: 'x', ifName: 'a' } } }), { ip: '10.0.0.5', ip6: 'none' }, DispatcherCode.AddressInUse, 'held by container x'],
  ])('refuses %s', async (_n, setup, request, code, problem) => {
    const { kube } = setup();
    const e = await caught(allocateDanmIps(kube, ref, request as never, owner, { pod }));
    expect(e.code).toBe(code);
    expect(e.details).toContain('network "DanmNet ns/data"');
    expect(e.details).toContain(problem);
  });

  it('treats a missing network as nothing to release (DEL is forgiving)', async () => {
    expect(await releaseDanmIps(new FakeKubeClient(), ref, owner)).toEqual([]);
  });

  it('keeps code 11 of a transient read failure', async () => {
    const { kube } = seeded();
    kube.failNext('getObject', tryAgainLater('failed to get danmnets "ns/data"', 'timeout after 3 attempts'));
    const e = await caught(releaseDanmIps(kube, ref, owner, { pod }));
    expect(e.code).toBe(CniCode.TryAgainLater);
    expect(e.details).toContain('pod "ns/p", network "DanmNet ns/data": timeout after 3 attempts');
  });
});
