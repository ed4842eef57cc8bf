import { FakeCommandRunner } from '@plexus/exec/testing';
import { FakeKubeClient } from '@plexus/k8s/testing';
import { AGENT_DEFAULTS } from '../cli/parse-args';
import type { AgentOptions } from '../options';
import { MemoryAgentFs } from '../testing';
import { runOnce, type OnceDeps } from './run-once';

const bundle = (name: string) => `#!/usr/bin/env node\n// plexus-plugin-api:1 ${name}\nmain()\n`;
const PRIMARY = JSON.stringify({ cniVersion: '0.4.0', name: 'pods', plugins: [{ type: 'bridge' }, { type: 'portmap', capabilities: { portMappings: true } }] });

const opts: AgentOptions = {
  once: true,
  cniBinDir: '/opt/cni/bin',
  cniConfDir: '/etc/cni/net.d',
  plugins: 'meta-dispatcher,static-ipam',
  cleanupConfigOnExit: false,
  saDir: '/sa',
  apiServer: 'http://127.0.0.1:1234',
  nodeName: 'n1',
  fromDir: '/plexus/bin',
  nodeRuntime: '/usr/bin/node',
  primaryTimeoutMs: 0,
  pollMs: 1000,
  runDir: AGENT_DEFAULTS.runDir,
  metricsPort: 0,
  checkpointDir: '/var/lib/cni/plexus/meta-dispatcher',
  gcIntervalS: 0,
  multiNicIntervalS: 0,
  gcGraceS: 120,
};

async function setup() {
  const fs = new MemoryAgentFs();
  for (const n of ['meta-dispatcher', 'static-ipam', 'route-injector']) await fs.writeAtomic(`/plexus/bin/${n}`, bundle(n), 0o755);
  await fs.writeAtomic('/usr/bin/node', 'ELF-node', 0o755);
  await fs.mkdirp('/opt/cni/bin');
  await fs.writeAtomic('/opt/cni/bin/bridge', 'foreign', 0o755);
  await fs.writeAtomic('/etc/cni/net.d/10-pods.conflist', PRIMARY, 0o644);
  await fs.writeAtomic('/sa/token', 'tok-1\n', 0o600);
  const kube = new FakeKubeClient();
  const clock = { t: 0 };
  const deps: OnceDeps = {
    fs,
    runner: new FakeCommandRunner(),
    env: {},
    sleeper: { now: () => clock.t, sleep: async (ms) => void (clock.t += ms) },
    makeClient: () => kube,
    log: () => undefined,
  };
  return { fs, kube, deps, clock };
}

/** Everything in the bin and conf dirs, to prove a failure wrote nothing. */
const snapshot = (fs: MemoryAgentFs) => [...fs.files.entries()].filter(([p]) => p.startsWith('/opt/') || p.startsWith('/etc/')).map(([p, f]) => [p, f.data]);

describe('runOnce', () => {
  it('installs exactly the selected plugins with an absolute runtime shebang, then the kubeconfig (0600) and the conf', async () => {
    const { fs, deps } = await setup();
    const r = await runOnce(deps, opts);

    expect((await fs.list('/opt/cni/bin')).sort()).toEqual(['.plexus-installed.json', 'bridge', 'meta-dispatcher', 'static-ipam']);
    expect(fs.files.get('/opt/cni/bin/bridge')!.data).toBe('foreign');
    expect(fs.files.get('/opt/cni/bin/plexus-runtime/node')).toEqual({ data: 'ELF-node', mode: 0o755 });
    expect(fs.files.get('/opt/cni/bin/static-ipam')!.data.split('\n')[0]).toBe('#!/opt/cni/bin/plexus-runtime/node');

    const kc = fs.files.get('/etc/cni/net.d/plexus.d/plexus.kubeconfig')!;
    expect(kc.mode).toBe(0o600);
    expect(JSON.parse(kc.data).users[0].user.token).toBe('tok-1');
    expect(JSON.parse(kc.data).clusters[0].cluster.server).toBe('http://127.0.0.1:1234');

    const conf = JSON.parse(fs.files.get('/etc/cni/net.d/00-plexus.conflist')!.data);
    expect(conf.cniVersion).toBe('0.4.0');
    expect(conf.plugins[0]).toMatchObject({
      type: 'meta-dispatcher',
      clusterNetwork: '/etc/cni/net.d/10-pods.conflist',
      kubeconfig: '/etc/cni/net.d/plexus.d/plexus.kubeconfig',
      capabilities: { 'io.kubernetes.cri.pod-annotations': true, portMappings: true },
    });
    expect(r.plugins.map((p) => p.name)).toEqual(['meta-dispatcher', 'static-ipam']);
  });

  it('is idempotent: a second run changes nothing and refuses nothing', async () => {
    const { deps } = await setup();
    await runOnce(deps, opts);
    const r = await runOnce(deps, opts);
    expect(r.plugins.map((p) => p.action)).toEqual(['unchanged', 'unchanged']);
    expect(r.runtime?.action).toBe('unchanged');
  });

  it('waits for the primary conf (readiness), then wraps it', async () => {
    const { fs, deps, clock } = await setup();
    await fs.remove('/etc/cni/net.d/10-pods.conflist');
    await fs.mkdirp('/etc/cni/net.d');
    deps.sleeper.sleep = async (ms) => {
      clock.t += ms;
      if (clock.t >= 3000) await fs.writeAtomic('/etc/cni/net.d/20-late.conf', JSON.stringify({ cniVersion: '1.0.0', name: 'late', type: 'bridge' }));
    };
    const r = await runOnce(deps, opts);
    expect(r.primary.path).toBe('/etc/cni/net.d/20-late.conf');
    expect(clock.t).toBe(3000);
  });

  it('times out waiting for the primary with a message naming the conf dir, writing nothing', async () => {
    const { fs, deps } = await setup();
    await fs.remove('/etc/cni/net.d/10-pods.conflist');
    await fs.mkdirp('/etc/cni/net.d');
    await expect(runOnce(deps, { ...opts, primaryTimeoutMs: 5000 })).rejects.toMatchObject({ kind: 'timeout', message: expect.stringContaining('"/etc/cni/net.d"') });
  });

  it.each([
    ['a missing bin dir', { cniBinDir: '/nope' }, '--cni-bin-dir "/nope" does not exist'],
    ['a missing conf dir', { cniConfDir: '/nope' }, '--cni-conf-dir "/nope" does not exist'],
    ['an unknown plugin', { plugins: 'static-ipam,bogus' }, 'unknown plugin "bogus"'],
    ['a missing service account', { saDir: '/nosa' }, 'service-account dir "/nosa" does not exist'],
    ['a missing node runtime', { nodeRuntime: '/no/node' }, 'node runtime "/no/node" does not exist'],
  ] as const)('refuses %s, naming it, and writes nothing', async (_what, override, message) => {
    const { fs, deps } = await setup();
    const before = snapshot(fs);
    await expect(runOnce(deps, { ...opts, ...override })).rejects.toMatchObject({ name: 'AgentError', message: expect.stringContaining(message) });
    expect(snapshot(fs)).toEqual(before);
  });

  it('refuses a primary conf that is not JSON, naming the file, and writes nothing', async () => {
    const { fs, deps } = await setup();
    await fs.writeAtomic('/etc/cni/net.d/05-broken.conf', '{"cniVersion": ', 0o644);
    const before = snapshot(fs);
    await expect(runOnce(deps, opts)).rejects.toThrow('primary CNI conf "/etc/cni/net.d/05-broken.conf" is not valid JSON');
    expect(snapshot(fs)).toEqual(before);
  });

  it('refuses when the API is unreachable, naming the server, and writes nothing', async () => {
    const { fs, deps, kube } = await setup();
    kube.failNext('listNetworkAttachmentDefinitions', new Error('connect ECONNREFUSED'));
    const before = snapshot(fs);
    await expect(runOnce(deps, opts)).rejects.toMatchObject({ kind: 'api', message: expect.stringContaining('API server http://127.0.0.1:1234 unreachable') });
    expect(snapshot(fs)).toEqual(before);
  });
});
