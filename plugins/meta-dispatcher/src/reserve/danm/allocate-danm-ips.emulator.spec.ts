import { CniCode } from '@plexus/cni-spec';
import { createKubeClient, type KubeClient } from '@plexus/k8s';
import { DispatcherCode } from '../../errors/dispatcher-errors';
import { startEmulator, warmUpClientNode, type Emulator } from '../../sources/testing/emulator-fixture';
import { caught } from '../../sources/testing/source-fixture';
import { allocateDanmIps } from './allocate-danm-ips';
import { releaseDanmIps } from './release-danm-ips';

const ref = { kind: 'DanmNet' as const, namespace: 'ns', name: 'data' };
const cluster = { kind: 'ClusterNetwork' as const, name: 'shared' };

describe('DANM allocator through the API emulator (real @kubernetes/client-node over HTTP)', () => {
  let emu: Emulator;
  let client: KubeClient;

  beforeAll(warmUpClientNode, 120_000);

  beforeEach(async () => {
    emu = await startEmulator();
    client = createKubeClient({ kubeconfigPath: emu.kubeconfigPath, timeoutMs: 5000, retries: 1 });
    emu.seed({ apiVersion: 'danm.plexus.io/v1', kind: 'DanmNet', metadata: { namespace: 'ns', name: 'data' }, spec: { cidr: '10.5.0.0/24', routes: { '10.6.0.0/16': '10.5.0.1' } } }, 'danmnets');
    emu.seed({ apiVersion: 'danm.plexus.io/v1', kind: 'ClusterNetwork', metadata: { name: 'shared' }, spec: { cidr: '10.7.0.0/29' } }, 'clusternetworks');
  });
  afterEach(() => emu.stop());

  it('gives 20 parallel allocations 20 different addresses, never the network or gateway', async () => {
    const owners = Array.from({ length: 20 }, (_, i) => ({ containerId: `ctr-${i}`, ifName: 'eth1' }));
    const results = await Promise.all(owners.map((o) => allocateDanmIps(client, ref, { ip: 'dynamic', ip6: 'none' }, o)));
    const addresses = results.map((r) => r.addresses[0]!);
    expect(new Set(addresses).size).toBe(20);
    expect(addresses).not.toContain('10.5.0.0/24');
    expect(addresses).not.toContain('10.5.0.1/24');
    const stored = emu.store.get({ group: 'danm.plexus.io', plural: 'danmnets', namespace: 'ns', name: 'data' })!;
    const allocations = (stored.spec as { allocations: Record<string, { containerId: string }> }).allocations;
    expect(Object.keys(allocations)).toHaveLength(20);
    for (const [i, r] of results.entries()) expect(allocations[r.addresses[0]!.split('/')[0]!]!.containerId).toBe(`ctr-${i}`);
    // Conflicts happened and were retried: more PUTs than successful writes.
    expect(emu.requests.list({ method: 'PUT' }).length).toBeGreaterThanOrEqual(20);
  }, 60_000);

  it('releases by owner, and a repeated allocate for the same owner is idempotent', async () => {
    const owner = { containerId: 'ctr-a', ifName: 'net1' };
    const first = await allocateDanmIps(client, ref, { ip: 'dynamic', ip6: 'none' }, owner);
    const again = await allocateDanmIps(client, ref, { ip: 'dynamic', ip6: 'none' }, owner);
    expect(again.addresses).toEqual(first.addresses);
    expect(await releaseDanmIps(client, ref, owner)).toEqual([first.addresses[0]!.split('/')[0]]);
    expect(await releaseDanmIps(client, ref, owner)).toEqual([]);
  });

  it('fills a cluster-scoped network and then reports it full', async () => {
    const got: string[] = [];
    for (let i = 0; i < 6; i++) got.push((await allocateDanmIps(client, cluster, { ip: 'dynamic', ip6: 'none' }, { containerId: `c${i}`, ifName: 'eth1' })).addresses[0]!);
    expect(got).toEqual(['10.7.0.1/29', '10.7.0.2/29', '10.7.0.3/29', '10.7.0.4/29', '10.7.0.5/29', '10.7.0.6/29']);
    const e = await caught(allocateDanmIps(client, cluster, { ip: 'dynamic', ip6: 'none' }, { containerId: 'c9', ifName: 'eth1' }));
    expect(e.code).toBe(DispatcherCode.PoolExhausted);
  });

  it('maps a missing network to 110 and a static address in use to 115', async () => {
    const missing = await caught(allocateDanmIps(client, { ...ref, name: 'ghost' }, { ip: 'dynamic', ip6: 'none' }, { containerId: 'c', ifName: 'e' }));
    expect(missing.code).toBe(DispatcherCode.NetworkNotFound);
    await allocateDanmIps(client, ref, { ip: '10.5.0.50', ip6: 'none' }, { containerId: 'c1', ifName: 'eth1' });
    const inUse = await caught(allocateDanmIps(client, ref, { ip: '10.5.0.50', ip6: 'none' }, { containerId: 'c2', ifName: 'eth1' }));
    expect(inUse.code).toBe(DispatcherCode.AddressInUse);
    const gw = await caught(allocateDanmIps(client, ref, { ip: '10.5.0.1', ip6: 'none' }, { containerId: 'c3', ifName: 'eth1' }));
    expect(gw.code).toBe(CniCode.InvalidConfig);
  });
});
