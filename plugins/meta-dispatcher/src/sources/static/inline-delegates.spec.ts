import { CRI_POD_ANNOTATIONS } from '../pod-annotations';
import { resolveNetworks } from '../resolve-networks';
import { makeSourceFixture, podArgs } from '../testing/source-fixture';

const delegates = [
  { cniVersion: '0.3.1', name: 'cbr0', plugins: [{ type: 'flannel' }, { type: 'portmap', capabilities: { portMappings: true } }] },
  { cniVersion: '0.3.1', name: 'sidecar', type: 'bridge' },
];

describe('resolveNetworks: Multus inline delegates', () => {
  it('attaches delegates[0] as the cluster network with the runtime\'s runtimeConfig, the others to every pod, then the annotation', async () => {
    const annotations = { 'k8s.v1.cni.cncf.io/networks': 'macvlan' };
    const f = makeSourceFixture({
      config: { delegates },
      cniArgs: podArgs('kube-system', 'dns-0'),
      runtimeConfig: { portMappings: [{ hostPort: 80, containerPort: 8080 }], [CRI_POD_ANNOTATIONS]: annotations },
    });
    f.kube.addNetworkAttachmentDefinition({ metadata: { namespace: 'kube-system', name: 'macvlan' }, spec: { config: JSON.stringify({ cniVersion: '0.3.1', type: 'macvlan' }) } });
    const plan = await resolveNetworks(f.ctx);
    // Multus: delegates[1..] are not defaultNetworks, so systemNamespaces do not skip them.
    expect(plan.map((r) => [r.source, r.statusName, r.isPrimary, r.confList.name])).toEqual([
      ['cluster-network', 'cbr0', true, 'cbr0'],
      ['default-network', 'sidecar', false, 'sidecar'],
      ['multus', 'kube-system/macvlan', false, 'macvlan'],
    ]);
    expect(plan[0]!.capabilityArgs).toEqual({ portMappings: [{ hostPort: 80, containerPort: 8080 }] });
    expect(plan[1]!.capabilityArgs).toEqual({});
    expect(plan[0]!.confList.plugins.map((p) => p.type)).toEqual(['flannel', 'portmap']);
  });

  it('works without any Kubernetes API (Multus\' delegates-only mode)', async () => {
    const f = makeSourceFixture({ config: { delegates }, cniArgs: [], api: false });
    const plan = await resolveNetworks(f.ctx);
    expect(plan.map((r) => r.statusName)).toEqual(['cbr0', 'sidecar']);
  });
});
