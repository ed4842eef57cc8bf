import { CniCode, tryAgainLater } from '@plexus/cni-spec';
import { DispatcherCode } from '../errors/dispatcher-errors';
import { CRI_POD_ANNOTATIONS } from './pod-annotations';
import { resolveNetworks } from './resolve-networks';
import { caught, makeSourceFixture, podArgs, writeConf, type FixtureOptions } from './testing/source-fixture';

const NETS = 'k8s.v1.cni.cncf.io/networks';
const DEFNET = 'v1.multus-cni.io/default-network';
const flannel = { cniVersion: '1.0.0', name: 'flannel', plugins: [{ type: 'flannel' }] };
const macvlanConfig = (name?: string) => JSON.stringify({ cniVersion: '1.0.0', ...(name ? { name } : {}), type: 'macvlan', master: 'eth1' });

/** A world with a file-based cluster network, two default networks and NADs in two namespaces. */
function world(opts: FixtureOptions & { annotations?: Record<string, string>; viaRuntime?: boolean } = {}) {
  const annotations = opts.annotations ?? {};
  const f = makeSourceFixture({
    ...opts,
    config: { clusterNetwork: '/etc/cni/net.d/10-flannel.conflist', ...opts.config },
    runtimeConfig: { ...(opts.viaRuntime === false ? {} : { [CRI_POD_ANNOTATIONS]: annotations }), ...opts.runtimeConfig },
  });
  writeConf(f.files, '/etc/cni/net.d/10-flannel.conflist', flannel);
  writeConf(f.files, '/etc/cni/plexus/net.d/side.conf', { cniVersion: '1.0.0', name: 'sidecar', type: 'bridge' });
  f.kube.addPod({ metadata: { namespace: 'default', name: 'web-0', annotations } });
  f.kube.addPod({ metadata: { namespace: 'kube-system', name: 'dns-0', annotations } });
  f.kube.addNetworkAttachmentDefinition({ metadata: { namespace: 'default', name: 'macvlan' }, spec: { config: macvlanConfig() } });
  f.kube.addNetworkAttachmentDefinition({ metadata: { namespace: 'infra', name: 'sriov' }, spec: { config: macvlanConfig('own-name') } });
  f.kube.addNetworkAttachmentDefinition({ metadata: { namespace: 'kube-system', name: 'monitor' }, spec: { config: macvlanConfig() } });
  return f;
}

describe('resolveNetworks: Multus-compatible plan', () => {
  it('orders cluster network, defaultNetworks, then the annotation, and reads the pod annotations from runtimeConfig without a pod GET', async () => {
    const f = world({
      config: { defaultNetworks: ['monitor', 'sidecar'] },
      annotations: { [NETS]: JSON.stringify([{ name: 'macvlan', interface: 'data0', ips: ['10.1.1.11/24'] }, { name: 'sriov', namespace: 'infra' }]) },
      runtimeConfig: { portMappings: [{ hostPort: 8080, containerPort: 80 }] },
    });
    const plan = await resolveNetworks(f.ctx);
    expect(plan.map((r) => [r.source, r.statusName, r.isPrimary, r.ifName, r.confList.name])).toEqual([
      ['cluster-network', 'flannel', true, undefined, 'flannel'],
      ['default-network', 'kube-system/monitor', false, undefined, 'monitor'],
      ['default-network', 'sidecar', false, undefined, 'sidecar'],
      ['multus', 'default/macvlan', false, 'data0', 'macvlan'],
      ['multus', 'infra/sriov', false, undefined, 'own-name'],
    ]);
    expect(plan[0]!.capabilityArgs).toEqual({ portMappings: [{ hostPort: 8080, containerPort: 80 }] });
    expect(plan[3]!.capabilityArgs).toEqual({ ips: ['10.1.1.11/24'] });
    expect(plan[3]!.cniArgs).toEqual([['IP', '10.1.1.11/24']]);
    // One GET per NAD (monitor as a NAD, sidecar tried as a NAD first, two annotation NADs); no pod GET.
    expect(f.kube.calls.map((c) => c.method)).not.toContain('getPod');
    expect(f.kube.apiCallCount()).toBe(4);
  });

  it('GETs the pod once when the runtime does not pass annotations', async () => {
    const f = world({ annotations: { [NETS]: 'macvlan' }, viaRuntime: false });
    const plan = await resolveNetworks(f.ctx);
    expect(plan.map((r) => r.statusName)).toEqual(['flannel', 'default/macvlan']);
    expect(f.kube.calls.filter((c) => c.method === 'getPod')).toHaveLength(1);
    expect(f.kube.apiCallCount()).toBe(2);
  });

  it('never builds a KubeClient when nothing needs the API', async () => {
    const f = world({ annotations: {} });
    expect((await resolveNetworks(f.ctx)).map((r) => r.statusName)).toEqual(['flannel']);
    expect(f.kubeCreated()).toBe(0);
  });

  it('skips defaultNetworks for pods in systemNamespaces', async () => {
    const f = world({ config: { defaultNetworks: ['sidecar'], systemNamespaces: ['kube-system'] }, cniArgs: podArgs('kube-system', 'dns-0') });
    expect((await resolveNetworks(f.ctx)).map((r) => r.statusName)).toEqual(['flannel']);
    const g = world({ config: { defaultNetworks: ['sidecar'] } });
    expect((await resolveNetworks(g.ctx)).map((r) => r.statusName)).toEqual(['flannel', 'sidecar']);
  });

  it('replaces the cluster network by v1.multus-cni.io/default-network, resolved in multusNamespace', async () => {
    const f = world({ annotations: { [DEFNET]: 'monitor', [NETS]: 'macvlan' } });
    const plan = await resolveNetworks(f.ctx);
    expect(plan.map((r) => [r.statusName, r.isPrimary, r.source])).toEqual([
      ['kube-system/monitor', true, 'cluster-network'],
      ['default/macvlan', false, 'multus'],
    ]);
  });

  it('resolves clusterNetwork as a NAD in multusNamespace first, then as a conf name', async () => {
    const f = world({ config: { clusterNetwork: 'monitor' } });
    expect((await resolveNetworks(f.ctx))[0]!.statusName).toBe('kube-system/monitor');
    const g = world({ config: { clusterNetwork: 'sidecar' } });
    expect((await resolveNetworks(g.ctx))[0]!.statusName).toBe('sidecar');
  });

  it('uses the conf of the NAD name in confDir for a NAD without spec.config', async () => {
    const f = world({ annotations: { [NETS]: 'sidecar' } });
    f.kube.addNetworkAttachmentDefinition({ metadata: { namespace: 'default', name: 'sidecar' }, spec: {} });
    const plan = await resolveNetworks(f.ctx);
    expect(plan[1]).toMatchObject({ statusName: 'default/sidecar', confList: { name: 'sidecar', plugins: [{ type: 'bridge' }] } });
  });

  it('allows global namespaces and the own namespace under namespaceIsolation', async () => {
    const f = world({ config: { namespaceIsolation: true, globalNamespaces: 'infra' }, annotations: { [NETS]: 'macvlan,infra/sriov' } });
    expect((await resolveNetworks(f.ctx)).map((r) => r.statusName)).toEqual(['flannel', 'default/macvlan', 'infra/sriov']);
  });

  it('lists the static networks after the primary, with their interface names', async () => {
    const f = makeSourceFixture({ api: false, config: { networks: ['flannel', { conf: 'sidecar', interface: 'side0' }, '/opt/extra.conf'] } });
    writeConf(f.files, '/etc/cni/plexus/net.d/a.conflist', flannel);
    writeConf(f.files, '/etc/cni/plexus/net.d/b.conf', { cniVersion: '1.0.0', name: 'sidecar', type: 'bridge' });
    writeConf(f.files, '/opt/extra.conf', { cniVersion: '1.0.0', name: 'extra', type: 'bridge' });
    const plan = await resolveNetworks(f.ctx);
    expect(plan.map((r) => [r.source, r.statusName, r.isPrimary, r.ifName])).toEqual([
      ['static', 'flannel', true, undefined],
      ['static', 'sidecar', false, 'side0'],
      ['static', 'extra', false, undefined],
    ]);
  });

  it('works without a pod identity from config alone', async () => {
    const f = world({ cniArgs: [], config: { defaultNetworks: ['sidecar'] } });
    expect((await resolveNetworks(f.ctx)).map((r) => r.statusName)).toEqual(['flannel', 'sidecar']);
  });

  it.each<[string, Parameters<typeof world>[0], number, string, string[]]>([
    ['an unknown NAD (404)', { annotations: { [NETS]: 'ghost' } }, DispatcherCode.NetworkNotFound, `network not found (${NETS}[0])`, ['pod "default/web-0"', 'network "default/ghost"', 'does not exist']],
    ['a NAD in another namespace under isolation', { config: { namespaceIsolation: true }, annotations: { [NETS]: 'infra/sriov' } }, DispatcherCode.NetworkNotAllowed, `network not allowed (${NETS}[0])`, ['pod "default/web-0"', 'network "infra/sriov"', 'namespace "infra"']],
    ['a bad annotation (before any API call)', { annotations: { [NETS]: 'macvlan,Bad' } }, CniCode.InvalidConfig, `invalid ${NETS}[1].name`, ['pod "default/web-0"', 'network "Bad"']],
    ['two default-network elements', { annotations: { [DEFNET]: 'a,b' } }, CniCode.InvalidConfig, `invalid ${DEFNET}`, ['exactly one']],
    ['a missing clusterNetwork', { config: { clusterNetwork: 'nowhere' } }, DispatcherCode.NetworkNotFound, 'network not found (clusterNetwork)', ['no NetworkAttachmentDefinition "kube-system/nowhere"', 'no conf named "nowhere"']],
    ['a missing defaultNetworks entry', { config: { defaultNetworks: ['/etc/cni/none.conf'] } }, DispatcherCode.NetworkNotFound, 'network not found (defaultNetworks[0])', ['/etc/cni/none.conf does not exist']],
    ['no primary at all', { config: { clusterNetwork: undefined } }, CniCode.InvalidConfig, 'invalid clusterNetwork', ['no primary network']],
    ['a NAD-less NAD without a conf', { annotations: { [NETS]: 'empty' } }, DispatcherCode.NetworkNotFound, `network not found (${NETS}[0])`, ['no spec.config']],
    ['a broken NAD config', { annotations: { [NETS]: 'broken' } }, CniCode.InvalidConfig, 'invalid spec.config.type', ['network "default/broken"']],
    ['a duplicate interface name', { annotations: { [NETS]: 'macvlan@n1,infra/sriov@n1' } }, CniCode.InvalidConfig, 'invalid interface', ['network "infra/sriov"', '"n1" is also asked for by network "default/macvlan"']],
    ['ECMP default routes', { annotations: { [NETS]: JSON.stringify([{ name: 'macvlan', 'default-route': ['10.0.0.1'] }, { name: 'macvlan', 'default-route': ['10.0.1.1'] }]) } }, CniCode.InvalidConfig, `invalid ${NETS}[1].default-route[0]`, ['ECMP']],
  ])('refuses %s', async (_n, opts, code, msg, parts) => {
    const f = world(opts);
    f.kube.addNetworkAttachmentDefinition({ metadata: { namespace: 'default', name: 'empty' }, spec: {} });
    f.kube.addNetworkAttachmentDefinition({ metadata: { namespace: 'default', name: 'broken' }, spec: { config: '{"cniVersion":"1.0.0"}' } });
    const e = await caught(resolveNetworks(f.ctx));
    expect(e.code).toBe(code);
    expect(e.msg).toBe(msg);
    for (const p of parts) expect(e.details).toContain(p);
    if (msg.startsWith('invalid k8s')) expect(f.kube.calls.filter((c) => c.method === 'getNetworkAttachmentDefinition')).toHaveLength(0);
  });

  it('keeps code 11 for a transient API failure, naming the pod and network', async () => {
    const f = world({ annotations: { [NETS]: 'macvlan' } });
    f.kube.failNext('getNetworkAttachmentDefinition', tryAgainLater('failed to get network-attachment-definitions "default/macvlan"', 'timeout after 3 attempts'));
    const e = await caught(resolveNetworks(f.ctx));
    expect(e.code).toBe(CniCode.TryAgainLater);
    expect(e.details).toContain('pod "default/web-0", network "default/macvlan"');
  });

  it('refuses a NAD reference when no API is configured', async () => {
    const f = world({ api: false, annotations: { [NETS]: 'macvlan' } });
    const e = await caught(resolveNetworks(f.ctx));
    expect(e).toMatchObject({ code: DispatcherCode.NetworkNotFound });
    expect(e.details).toContain('none is configured');
  });

  it('refuses a pod that mixes danm.io/interfaces with the Multus annotations when DANM is on', async () => {
    const f = world({ config: { danm: true }, annotations: { 'danm.io/interfaces': '[]', [NETS]: 'macvlan' } });
    const e = await caught(resolveNetworks(f.ctx));
    expect(e).toMatchObject({ code: CniCode.InvalidConfig, msg: 'invalid danm.io/interfaces' });
    expect(e.details).toContain(NETS);
  });

  it('ignores danm.io/interfaces when DANM is off', async () => {
    const f = world({ annotations: { 'danm.io/interfaces': 'not even json' } });
    expect((await resolveNetworks(f.ctx)).map((r) => r.statusName)).toEqual(['flannel']);
  });
});
