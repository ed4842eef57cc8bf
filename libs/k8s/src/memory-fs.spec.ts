import { startEmulator, type Emulator } from '@plexus/kube-emulator';
import { CniCode } from '@plexus/cni-spec';
import { loadClientNode } from './client-node';
import { createKubeClient } from './create-kube-client';
import { FakeClock, MemoryKubeFs } from './testing';

beforeAll(() => loadClientNode(), 120_000);

describe('credentials read through an injected KubeFs', () => {
  let emu: Emulator;
  afterEach(() => emu.stop());

  it('reads kubeconfig and tokenFile through the KubeFs and follows a rotation done there', async () => {
    emu = await startEmulator({ tokens: ['mem-1'] });
    emu.seed({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    const kubeconfig = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: emu.url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { tokenFile: '/etc/plexus/token' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    });
    const fs = new MemoryKubeFs().write('/etc/plexus/kubeconfig', kubeconfig).write('/etc/plexus/token', 'mem-1');
    const client = createKubeClient({ kubeconfigPath: '/etc/plexus/kubeconfig', fs, clock: new FakeClock() });
    await expect(client.getNode('n1')).resolves.toMatchObject({ metadata: { name: 'n1' } });

    emu.setTokens(['mem-2']);
    fs.write('/etc/plexus/token', 'mem-2');
    await expect(client.getNode('n1')).resolves.toBeDefined();
    expect(emu.requests.list().map((r) => r.status)).toEqual([200, 200]);

    fs.remove('/etc/plexus/kubeconfig');
    await expect(client.getNode('n1')).rejects.toMatchObject({ code: CniCode.InvalidConfig, details: '"/etc/plexus/kubeconfig": no such file' });
  });
});
