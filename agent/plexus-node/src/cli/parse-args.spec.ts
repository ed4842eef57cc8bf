import { parseAgentArgs } from './parse-args';

const ctx = { env: {}, scriptDir: '/plexus/tools', execPath: '/usr/bin/node' };

describe('parseAgentArgs', () => {
  it('applies the contract defaults', () => {
    const o = parseAgentArgs([], { ...ctx, env: { NODE_NAME: 'n1' } });
    expect(o).toMatchObject({
      once: false,
      cniBinDir: '/opt/cni/bin',
      cniConfDir: '/etc/cni/net.d',
      plugins: 'all',
      cleanupConfigOnExit: false,
      saDir: '/var/run/secrets/kubernetes.io/serviceaccount',
      apiServer: undefined,
      nodeName: 'n1',
      fromDir: '/plexus/bin',
      nodeRuntime: '/usr/bin/node',
      primaryTimeoutMs: 0,
      runDir: '/run/plexus',
    });
  });

  it('reads every flag of the contract', () => {
    const o = parseAgentArgs(
      ['--once', '--cni-bin-dir', '/b', '--cni-conf-dir', '/c', '--plugins', 'a,b', '--cleanup-config-on-exit', '--sa-dir', '/sa', '--api-server', 'https://x:6443', '--node-name', 'n2', '--node-runtime', 'none', '--primary-timeout', '3'],
      ctx,
    );
    expect(o).toMatchObject({ once: true, cniBinDir: '/b', cniConfDir: '/c', plugins: 'a,b', cleanupConfigOnExit: true, saDir: '/sa', apiServer: 'https://x:6443', nodeName: 'n2', nodeRuntime: undefined, primaryTimeoutMs: 3000 });
  });

  it('names an unknown flag', () => {
    expect(() => parseAgentArgs(['--bogus'], ctx)).toThrow(expect.objectContaining({ kind: 'usage', message: expect.stringContaining('--bogus') }));
  });

  it('names a non-numeric timeout', () => {
    expect(() => parseAgentArgs(['--primary-timeout', 'soon'], ctx)).toThrow(/--primary-timeout "soon"/);
  });
});
