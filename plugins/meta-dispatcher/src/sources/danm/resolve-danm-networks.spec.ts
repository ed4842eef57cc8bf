import { CniCode } from '@plexus/cni-spec';
import { DispatcherCode } from '../../errors/dispatcher-errors';
import { CRI_POD_ANNOTATIONS } from '../pod-annotations';
import { resolveNetworks } from '../resolve-networks';
import { caught, makeSourceFixture, podArgs, writeConf } from '../testing/source-fixture';
import { DANM_RESOURCES } from '../../plan/danm-network';

const A = 'danm.io/interfaces';

/** A cluster with DANM networks in namespace "team" and the pod team/app-0 (annotations via runtimeConfig). */
function world(interfaces: unknown, config: Record<string, unknown> = {}, extraAnnotations: Record<string, string> = {}) {
  const annotations = { ...(interfaces === undefined ? {} : { [A]: typeof interfaces === 'string' ? interfaces : JSON.stringify(interfaces) }), ...extraAnnotations };
  const f = makeSourceFixture({ config: { danm: true, ...config }, cniArgs: podArgs('team', 'app-0'), runtimeConfig: { [CRI_POD_ANNOTATIONS]: annotations } });
  const seed = (kind: keyof typeof DANM_RESOURCES, name: string, spec: Record<string, unknown>, namespace?: string) =>
    f.kube.seed(DANM_RESOURCES[kind], { metadata: { name, ...(namespace ? { namespace } : {}) }, spec });
  seed('DanmNet', 'data', { hostDevice: 'ens4', cidr: '10.0.0.0/24', containerPrefix: 'data', routingTable: 20 }, 'team');
  seed('DanmNet', 'nocidr', { hostDevice: 'ens4' }, 'team');
  seed('TenantNetwork', 'flannel', { networkType: 'flannel', networkID: 'flannel', cidr: '10.244.0.0/16' }, 'team');
  seed('TenantNetwork', 'calico', { networkType: 'calico', networkID: 'calico' }, 'team');
  seed('TenantNetwork', 'nofile', { networkType: 'weave' }, 'team');
  seed('ClusterNetwork', 'shared', { networkType: 'macvlan', hostDevice: 'ens5', cidr6: '2001:db8::/64', allowedTenants: ['team'] });
  seed('ClusterNetwork', 'private', { networkType: 'macvlan', hostDevice: 'ens5', allowedTenants: ['other'] });
  seed('ClusterNetwork', 'mnic', { networkType: 'multi-nic', multiNic: { ipam: { type: 'multi-nic-ipam', hostBlock: 8 } } });
  writeConf(f.files, '/etc/cni/plexus/net.d/flannel.conf', { cniVersion: '0.3.1', name: 'flannel', type: 'flannel', delegate: { isDefaultGateway: true } });
  writeConf(f.files, '/etc/cni/plexus/net.d/calico.conf', { cniVersion: '0.3.1', name: 'calico', type: 'calico', ipam: { type: 'calico-ipam' } });
  return { f, seed };
}

describe('resolveNetworks: DANM-style networks', () => {
  it('resolves danm.io/interfaces in order: entry 0 primary, others named by containerPrefix, three kinds of network', async () => {
    const { f } = world([
      { tenantNetwork: 'flannel', ip: 'dynamic' },
      { network: 'data', ip: '10.0.0.9', proutes: { '10.9.0.0/16': '10.0.0.1' } },
      { clusterNetwork: 'shared', ip6: 'dynamic' },
      { clusterNetwork: 'mnic' },
    ]);
    const plan = await resolveNetworks(f.ctx);
    expect(plan.map((r) => [r.source, r.statusName, r.isPrimary, r.ifName, r.ifNamePrefix])).toEqual([
      ['danm', 'team/flannel', true, undefined, undefined],
      ['danm', 'team/data', false, undefined, 'data'],
      ['danm', 'shared', false, undefined, 'eth'],
      ['multi-nic', 'mnic', false, undefined, 'eth'],
    ]);
    // Static: the file as written; DANM will reserve from spec.cidr and swap in fakeipam after allocation.
    expect(plan[0]!.confList).toEqual({ cniVersion: '0.3.1', name: 'flannel', plugins: [{ cniVersion: '0.3.1', name: 'flannel', type: 'flannel', delegate: { isDefaultGateway: true } }] });
    expect(plan[0]!.danm).toMatchObject({ network: { kind: 'TenantNetwork', namespace: 'team', name: 'flannel' }, ip: 'dynamic', ip6: 'none', definition: { integration: 'static' } });
    // Dynamic: generated without addresses; the pod's proutes are carried for the final render.
    expect(plan[1]!.danm).toMatchObject({ ip: '10.0.0.9', ip6: 'none', proutes: { '10.9.0.0/16': '10.0.0.1' }, definition: { integration: 'dynamic', routingTable: 20 } });
    expect(plan[1]!.confList.plugins[0]).toEqual({ type: 'ipvlan', mode: 'l2', master: 'ens4' });
    expect(plan[1]!.requested.ips).toEqual(['10.0.0.9']);
    expect(plan[2]!.danm).toMatchObject({ network: { kind: 'ClusterNetwork', name: 'shared' }, ip: 'none', ip6: 'dynamic' });
    expect(plan[3]!.multiNic).toEqual({ plugin: { type: 'ipvlan', mode: 'l3' }, ipam: { type: 'multi-nic-ipam', hostBlock: 8 } });
    expect(plan[3]!.danm).toBeUndefined();
    expect(f.kube.calls.map((c) => c.method)).toEqual(['getObject', 'getObject', 'getObject', 'getObject']);
  });

  it('leaves a family without a pool to a static network\'s own IPAM', async () => {
    const { f } = world([{ tenantNetwork: 'calico', ip: 'dynamic' }]);
    const [r] = await resolveNetworks(f.ctx);
    expect(r!.danm).toMatchObject({ ip: 'none', ip6: 'none' });
    expect(r!.confList.plugins[0]!.ipam).toEqual({ type: 'calico-ipam' });
  });

  it('uses containerPrefix verbatim with namingScheme legacy', async () => {
    const { f } = world([{ clusterNetwork: 'shared' }, { network: 'data' }], { danm: { namingScheme: 'legacy' } });
    const plan = await resolveNetworks(f.ctx);
    expect(plan[1]).toMatchObject({ ifName: 'data' });
    expect(plan[1]!.ifNamePrefix).toBeUndefined();
  });

  it.each<[string, (w: ReturnType<typeof world>) => void, string]>([
    ['the DanmNet first', (w) => w.seed('DanmNet', 'default', { cidr: '10.1.0.0/24' }, 'team'), 'DanmNet'],
    ['then the TenantNetwork', (w) => w.seed('TenantNetwork', 'default', { cidr: '10.2.0.0/24' }, 'team'), 'TenantNetwork'],
    ['then the ClusterNetwork', (w) => w.seed('ClusterNetwork', 'default', { cidr6: '2001:db8:5::/64' }), 'ClusterNetwork'],
  ])('gives a pod that asks nothing its default network: %s', async (_n, setup, kind) => {
    for (const interfaces of [undefined, []]) {
      const w = world(interfaces);
      setup(w);
      if (kind !== 'DanmNet') w.seed('ClusterNetwork', 'default', { cidr: '10.3.0.0/24' });
      const plan = await resolveNetworks(w.f.ctx);
      expect(plan).toHaveLength(1);
      expect(plan[0]).toMatchObject({ isPrimary: true, danm: { network: { kind, name: 'default' } } });
      const def = plan[0]!.danm!.definition!;
      expect(plan[0]!.danm).toMatchObject({ ip: def.v4 ? 'dynamic' : 'none', ip6: def.v6 ? 'dynamic' : 'none' });
    }
  });

  it('puts the DANM default network first and appends the Multus annotation when the pod asks only Multus networks', async () => {
    const { f, seed } = world(undefined, {}, { 'k8s.v1.cni.cncf.io/networks': 'macvlan' });
    seed('DanmNet', 'default', { cidr: '10.1.0.0/24' }, 'team');
    f.kube.addNetworkAttachmentDefinition({ metadata: { namespace: 'team', name: 'macvlan' }, spec: { config: '{"cniVersion":"1.0.0","type":"macvlan"}' } });
    expect((await resolveNetworks(f.ctx)).map((r) => [r.source, r.statusName, r.isPrimary])).toEqual([
      ['danm', 'team/default', true],
      ['multus', 'team/macvlan', false],
    ]);
  });

  it.each<[string, unknown, Record<string, unknown>, number, string, string[]]>([
    ['an unknown network', [{ network: 'ghost' }], {}, DispatcherCode.NetworkNotFound, `network not found (${A}[0])`, ['pod "team/app-0"', 'DanmNet team/ghost does not exist']],
    ['a ClusterNetwork not allowing the namespace', [{ clusterNetwork: 'shared' }, { clusterNetwork: 'private' }], {}, DispatcherCode.NetworkNotAllowed, `network not allowed (${A}[1])`, ['network "ClusterNetwork private"', 'namespace "team"']],
    ['a missing static conf file', [{ tenantNetwork: 'nofile' }], {}, DispatcherCode.NetworkNotFound, 'network not found (spec.networkID)', ['/etc/cni/plexus/net.d/nofile.conf']],
    ['an IPv4 request on a network without cidr', [{ network: 'nocidr', ip: 'dynamic' }], {}, CniCode.InvalidConfig, `invalid ${A}[0].ip`, ['no spec.cidr']],
    ['a static address outside the network', [{ network: 'data', ip: '10.9.9.9' }], {}, CniCode.InvalidConfig, `invalid ${A}[0].ip`, ['outside the network 10.0.0.0/24']],
    ['proutes without a routing table', [{ clusterNetwork: 'shared', proutes: { '10.9.0.0/16': '10.0.0.1' } }], {}, CniCode.InvalidConfig, `invalid ${A}[0].proutes`, ['routingTable']],
    ['a multi-nic primary', [{ clusterNetwork: 'mnic' }], {}, CniCode.InvalidConfig, `invalid ${A}[0]`, ['cannot be the primary']],
    ['a multi-nic with an ip', [{ network: 'data' }, { clusterNetwork: 'mnic', ip: 'dynamic' }], {}, CniCode.InvalidConfig, `invalid ${A}[1].ip`, ['own ipam']],
    ['no default network', undefined, {}, DispatcherCode.NetworkNotFound, 'network not found (danm.defaultNetwork)', ['no DanmNet or TenantNetwork "default" in namespace "team"']],
    ['a bad annotation (before any API call)', [{ network: 'data', ipv4: 'dynamic' }], {}, CniCode.InvalidConfig, `invalid ${A}[0].ipv4`, ['unknown field']],
    ['a bad network object', [{ network: 'broken' }], {}, CniCode.InvalidConfig, 'invalid spec.cidr', ['network "DanmNet team/broken"', 'host bits']],
  ])('refuses %s', async (_n, interfaces, config, code, msg, parts) => {
    const { f, seed } = world(interfaces, config);
    seed('DanmNet', 'broken', { cidr: '10.0.0.1/24' }, 'team');
    const e = await caught(resolveNetworks(f.ctx));
    expect(e.code).toBe(code);
    expect(e.msg).toBe(msg);
    for (const p of parts) expect(e.details).toContain(p);
    if (msg.includes('.ipv4')) expect(f.kube.apiCallCount()).toBe(0);
  });

  it('refuses DANM networks without an API', async () => {
    const f = makeSourceFixture({ api: false, config: { danm: true }, cniArgs: podArgs('team', 'app-0'), runtimeConfig: { [CRI_POD_ANNOTATIONS]: { [A]: '[{"network":"data"}]' } } });
    const e = await caught(resolveNetworks(f.ctx));
    expect(e.code).toBe(DispatcherCode.NetworkNotFound);
    expect(e.details).toContain('need the Kubernetes API');
  });
});
