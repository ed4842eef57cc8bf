import { CniCode, type NetConf } from '@plexus/cni-spec';
import { noopLogger } from '@plexus/log';
import { MemoryFileStore } from '@plexus/store/testing';
import { parseDispatcherConfig } from '../config/parse-dispatcher-config';
import { DispatcherCode } from '../errors/dispatcher-errors';
import { CRI_POD_ANNOTATIONS } from './pod-annotations';
import type { ResolveContext } from './resolve-context';
import { resolveNetworks } from './resolve-networks';
import { createSourceDeps } from './source-deps';
import { startEmulator, warmUpClientNode, type Emulator } from './testing/emulator-fixture';
import { caught, podArgs, writeConf } from './testing/source-fixture';

const NETS = 'k8s.v1.cni.cncf.io/networks';

describe('resolveNetworks through the API emulator (real @kubernetes/client-node over HTTP)', () => {
  let emu: Emulator;
  let files: MemoryFileStore;

  beforeAll(warmUpClientNode, 120_000);

  beforeEach(async () => {
    emu = await startEmulator();
    files = new MemoryFileStore();
    writeConf(files, '/etc/cni/net.d/10-flannel.conflist', { cniVersion: '1.0.0', name: 'flannel', plugins: [{ type: 'flannel' }] });
    const nad = (namespace: string, name: string, config?: string) =>
      emu.seed({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { namespace, name }, spec: config ? { config } : {} });
    nad('default', 'macvlan', JSON.stringify({ cniVersion: '1.0.0', type: 'macvlan', master: 'eth1' }));
    nad('infra', 'sriov', JSON.stringify({ cniVersion: '1.0.0', plugins: [{ type: 'sriov' }, { type: 'tuning' }] }));
    emu.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name: 'web-0', uid: 'uid-1', annotations: { [NETS]: 'macvlan@data0,infra/sriov' } } });
    emu.seed({ apiVersion: 'danm.plexus.io/v1', kind: 'DanmNet', metadata: { namespace: 'default', name: 'data' }, spec: { hostDevice: 'ens4', cidr: '10.0.0.0/24' } }, 'danmnets');
    emu.seed({ apiVersion: 'danm.plexus.io/v1', kind: 'ClusterNetwork', metadata: { name: 'default' }, spec: { networkType: 'macvlan', hostDevice: 'ens5', cidr: '10.1.0.0/24', allowedTenants: ['default'] } }, 'clusternetworks');
  });
  afterEach(() => emu.stop());

  function context(config: Record<string, unknown>, runtimeConfig: Record<string, unknown> = {}, uid = 'uid-1'): ResolveContext {
    const parsed = parseDispatcherConfig({ cniVersion: '1.1.0', name: 'plexus', type: 'meta-dispatcher', kubeconfig: emu.kubeconfigPath, ...config } as NetConf);
    return {
      config: parsed,
      cniArgs: podArgs('default', 'web-0', [['K8S_POD_UID', uid]]),
      runtimeConfig,
      deps: createSourceDeps(parsed, { files, log: noopLogger, env: {} }),
    };
  }

  it('reads the pod once and each NAD once when the runtime passes no annotations', async () => {
    const plan = await resolveNetworks(context({ clusterNetwork: '/etc/cni/net.d/10-flannel.conflist' }));
    expect(plan.map((r) => [r.statusName, r.ifName, r.confList.plugins.map((p) => p.type)])).toEqual([
      ['flannel', undefined, ['flannel']],
      ['default/macvlan', 'data0', ['macvlan']],
      ['infra/sriov', undefined, ['sriov', 'tuning']],
    ]);
    expect(emu.requests.list().map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /api/v1/namespaces/default/pods/web-0',
      'GET /apis/k8s.cni.cncf.io/v1/namespaces/default/network-attachment-definitions/macvlan',
      'GET /apis/k8s.cni.cncf.io/v1/namespaces/infra/network-attachment-definitions/sriov',
    ]);
  });

  it('needs no pod GET when the runtime passes the annotations', async () => {
    const plan = await resolveNetworks(context({ clusterNetwork: '/etc/cni/net.d/10-flannel.conflist' }, { [CRI_POD_ANNOTATIONS]: { [NETS]: 'macvlan' } }));
    expect(plan.map((r) => r.statusName)).toEqual(['flannel', 'default/macvlan']);
    expect(emu.requests.list().map((r) => r.path)).toEqual(['/apis/k8s.cni.cncf.io/v1/namespaces/default/network-attachment-definitions/macvlan']);
  });

  it('maps a 404 NAD to 110 naming the pod and network, and a replaced pod to code 3', async () => {
    const missing = await caught(resolveNetworks(context({ clusterNetwork: '/etc/cni/net.d/10-flannel.conflist' }, { [CRI_POD_ANNOTATIONS]: { [NETS]: 'ghost' } })));
    expect(missing.code).toBe(DispatcherCode.NetworkNotFound);
    expect(missing.details).toContain('pod "default/web-0", network "default/ghost"');
    const replaced = await caught(resolveNetworks(context({ clusterNetwork: '/etc/cni/net.d/10-flannel.conflist' }, {}, 'uid-old')));
    expect(replaced.code).toBe(CniCode.UnknownContainer);
  });

  it('maps an unavailable API server (503 on every try) to code 11, and a forbidden read to 999', async () => {
    const ctx = () => context({ clusterNetwork: '/etc/cni/net.d/10-flannel.conflist' }, { [CRI_POD_ANNOTATIONS]: { [NETS]: 'macvlan' } });
    emu.faults.failNext(10, 503, { path: 'network-attachment-definitions' });
    const unavailable = await caught(resolveNetworks(ctx()));
    expect(unavailable.code).toBe(CniCode.TryAgainLater);
    expect(unavailable.details).toContain('pod "default/web-0", network "default/macvlan"');
    emu.faults.reset().failNext(1, 403, { path: 'network-attachment-definitions' });
    const forbidden = await caught(resolveNetworks(ctx()));
    expect(forbidden.code).toBe(CniCode.Internal);
    expect(forbidden.details).toContain('network "default/macvlan"');
  }, 30_000);

  it('maps a pod that is gone to code 3', async () => {
    const ctx = context({ clusterNetwork: '/etc/cni/net.d/10-flannel.conflist' });
    ctx.cniArgs = podArgs('default', 'ghost-0');
    const e = await caught(resolveNetworks(ctx));
    expect(e).toMatchObject({ code: CniCode.UnknownContainer, msg: 'pod not found' });
  });

  it('resolves DANM networks and the DANM default network', async () => {
    const withDanm = await resolveNetworks(context({ danm: true }, { [CRI_POD_ANNOTATIONS]: { 'danm.io/interfaces': '[{"clusterNetwork":"default"},{"network":"data","ip":"10.0.0.7"}]' } }));
    expect(withDanm.map((r) => [r.statusName, r.isPrimary, r.danm?.ip])).toEqual([
      ['default', true, 'none'],
      ['default/data', false, '10.0.0.7'],
    ]);
    const fallback = await resolveNetworks(context({ danm: true }, { [CRI_POD_ANNOTATIONS]: {} }));
    expect(fallback.map((r) => [r.statusName, r.isPrimary, r.danm?.ip, r.danm?.network.kind])).toEqual([['default', true, 'dynamic', 'ClusterNetwork']]);
  });
});
