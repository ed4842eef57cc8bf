import { CniCode } from '@plexus/cni-spec';
import { resolveNetworks } from '../resolve-networks';
import { CRI_POD_ANNOTATIONS } from '../pod-annotations';
import { caught, makeSourceFixture, writeConf } from '../testing/source-fixture';
import { findPathValuedKey } from './refuse-nad-paths';

const NETS = 'k8s.v1.cni.cncf.io/networks';

/** A pod asking for NAD default/evil, whose spec.config is `config`. */
function podWithNad(config: unknown) {
  const annotations = { [NETS]: 'evil' };
  const f = makeSourceFixture({ config: { clusterNetwork: '/etc/cni/net.d/10-flannel.conflist' }, runtimeConfig: { [CRI_POD_ANNOTATIONS]: annotations } });
  writeConf(f.files, '/etc/cni/net.d/10-flannel.conflist', { cniVersion: '1.0.0', name: 'flannel', plugins: [{ type: 'flannel' }] });
  f.kube.addPod({ metadata: { namespace: 'default', name: 'web-0', annotations } });
  f.kube.addNetworkAttachmentDefinition({ metadata: { namespace: 'default', name: 'evil' }, spec: config === undefined ? {} : { config: JSON.stringify(config) } });
  return f;
}

const ipam = { type: 'multi-nic-ipam', subnet: '192.168.0.0/16', interfaceBlock: 2, hostBlock: 6, masters: ['eth1'] };

describe('path-valued keys in NetworkAttachmentDefinition configs (issue 11 item 5)', () => {
  it.each<[string, unknown, string]>([
    ['logFile anywhere as root', { cniVersion: '1.1.0', type: 'ipvlan', logFile: '/etc/cron.d/x', ipam }, 'spec.config.logFile'],
    ['a relative logFile', { cniVersion: '1.1.0', type: 'ipvlan', logFile: 'x.log', ipam }, 'spec.config.logFile'],
    ['ipam.dataDir in a conflist', { cniVersion: '1.1.0', plugins: [{ type: 'ipvlan', ipam: { ...ipam, dataDir: '/etc' } }] }, 'spec.config.plugins[0].ipam.dataDir'],
    ['ipam.kubeconfig', { cniVersion: '1.1.0', type: 'ipvlan', ipam: { ...ipam, kubeconfig: '/root/.kube/config' } }, 'spec.config.ipam.kubeconfig'],
    ['a top-level kubeconfig', { cniVersion: '1.1.0', type: 'ipvlan', kubeconfig: '/etc/kubernetes/admin.conf', ipam }, 'spec.config.kubeconfig'],
    ["whereabouts' kubernetes.kubeconfig", { cniVersion: '1.1.0', type: 'macvlan', ipam: { type: 'whereabouts', kubernetes: { kubeconfig: '/etc/cni/wb.kubeconfig' } } }, 'spec.config.ipam.kubernetes.kubeconfig'],
    ['an absolute path under any key name', { cniVersion: '1.1.0', type: 'ipvlan', ipam: { ...ipam, stateFrom: '/var/run/secret' } }, 'spec.config.ipam.stateFrom'],
  ])('refuses %s with code 7 naming the key and the NAD', async (_n, config, field) => {
    const f = podWithNad(config);
    const e = await caught(resolveNetworks(f.ctx));
    expect(e.code).toBe(CniCode.InvalidConfig);
    expect(e.msg).toBe(`invalid ${field}`);
    expect(e.details).toContain('network "default/evil"');
    expect(e.details).toContain('pod "default/web-0"');
    expect(e.details).toContain('confDir');
  });

  it('accepts a NAD without paths (subnets and routes are no paths), and a node-owned conf in confDir with paths', async () => {
    const f = podWithNad({ cniVersion: '1.1.0', type: 'ipvlan', master: 'eth1', ipam: { ...ipam, routes: [{ dst: '0.0.0.0/0' }], excludeCIDRs: ['192.168.255.0/24'] } });
    expect((await resolveNetworks(f.ctx)).map((r) => r.statusName)).toEqual(['flannel', 'default/evil']);
    const g = podWithNad(undefined);
    writeConf(g.files, '/etc/cni/plexus/net.d/evil.conf', { cniVersion: '1.1.0', name: 'evil', type: 'ipvlan', logFile: '/var/log/plexus/evil.log', ipam: { ...ipam, dataDir: '/var/lib/x' } });
    expect((await resolveNetworks(g.ctx))[1]!.confList.plugins[0]).toMatchObject({ logFile: '/var/log/plexus/evil.log' });
  });

  it('finds keys named like paths and absolute values, with the field path', () => {
    expect(findPathValuedKey({ a: [{ b: { socketPath: 'run/x.sock' } }] })).toEqual({ field: 'a[0].b.socketPath', value: 'run/x.sock' });
    expect(findPathValuedKey({ log_file: '' , cniVersion: '1.1.0', dst: '10.0.0.0/8', v6: '::/0' })).toBeUndefined();
    expect(findPathValuedKey({ home: '~root/.ssh' })).toEqual({ field: 'home', value: '~root/.ssh' });
    expect(findPathValuedKey({ profile: 'default', ifName: 'net1', master: 'eth1', mode: 'l2' })).toBeUndefined();
    for (const key of ['log_file', 'cniConfigDir', 'kubeconfig', 'datadir', 'path']) expect(findPathValuedKey({ [key]: 'x' })?.field).toBe(key);
  });
});
