import { FakeCommandRunner } from '@plexus/exec/testing';
import { FakeKubeClient } from '@plexus/k8s/testing';
import type { AgentOptions } from '../options';
import { MemoryAgentFs } from '../testing';
import { runDaemon, type DaemonDeps } from './run-daemon';

const bundle = (name: string) => `#!/usr/bin/env node\n// plexus-plugin-api:1 ${name}\nmain()\n`;
const conflist = (v: string, caps: Record<string, boolean> = {}) => JSON.stringify({ cniVersion: v, name: 'pods', plugins: [{ type: 'bridge', capabilities: caps }] });
const CONF = '/etc/cni/net.d/00-plexus.conflist';
const KUBECONFIG = '/etc/cni/net.d/plexus.d/plexus.kubeconfig';

const opts: AgentOptions = {
  once: false,
  cniBinDir: '/opt/cni/bin',
  cniConfDir: '/etc/cni/net.d',
  plugins: 'all',
  cleanupConfigOnExit: true,
  saDir: '/sa',
  apiServer: 'http://127.0.0.1:1',
  fromDir: '/plexus/bin',
  primaryTimeoutMs: 0,
  pollMs: 1000,
  runDir: '/run/plexus',
  metricsPort: 0,
  checkpointDir: '/var/lib/cni/plexus/meta-dispatcher',
  gcIntervalS: 0,
  multiNicIntervalS: 0,
  gcGraceS: 120,
};

/** A daemon driven tick by tick: each poll sleep runs the next scripted step; the last one stops it. */
async function drive(steps: Array<(fs: MemoryAgentFs) => Promise<void> | void>, o: AgentOptions = opts, kube = new FakeKubeClient()) {
  const fs = new MemoryAgentFs();
  await fs.writeAtomic('/plexus/bin/static-ipam', bundle('static-ipam'), 0o755);
  await fs.mkdirp('/opt/cni/bin');
  await fs.writeAtomic('/etc/cni/net.d/10-pods.conflist', conflist('0.4.0'));
  await fs.writeAtomic('/sa/token', 'tok-1');
  let stop!: () => void;
  const stopped = new Promise<void>((r) => (stop = r));
  const logs: string[] = [];
  let t = 0;
  let tick = 0;
  const deps: DaemonDeps = {
    fs,
    runner: new FakeCommandRunner(),
    env: {},
    sleeper: {
      now: () => t,
      sleep: async (ms) => {
        t += ms;
        const s = steps[tick++];
        if (s) await s(fs);
        else stop();
      },
    },
    makeClient: () => kube,
    log: (l) => logs.push(l),
    stop: stopped,
  };
  const code = await runDaemon(deps, o);
  return { fs, logs, code, t };
}

describe('runDaemon', () => {
  it('rewrites our conf when the primary changes, and only then', async () => {
    const seen: string[] = [];
    const { fs, logs } = await drive([
      (f) => void seen.push(f.files.get(CONF)!.data),
      (f) => f.writeAtomic('/etc/cni/net.d/10-pods.conflist', conflist('1.0.0', { portMappings: true })),
      (f) => void seen.push(f.files.get(CONF)!.data),
      (f) => f.writeAtomic('/etc/cni/net.d/05-new.conf', JSON.stringify({ cniVersion: '0.3.1', name: 'n', type: 'ptp' })),
      (f) => void seen.push(f.files.get(CONF)!.data),
    ], { ...opts, cleanupConfigOnExit: false });
    expect(seen.map((s) => JSON.parse(s).cniVersion)).toEqual(['0.4.0', '1.0.0', '0.3.1']);
    expect(JSON.parse(seen[1]!).plugins[0].capabilities).toEqual({ 'io.kubernetes.cri.pod-annotations': true, portMappings: true });
    expect(JSON.parse(seen[2]!).plugins[0].clusterNetwork).toBe('/etc/cni/net.d/05-new.conf');
    expect(logs.filter((l) => l.startsWith('rewrote'))).toHaveLength(2);
    expect(fs.files.has(CONF)).toBe(true);
  });

  it('keeps the last good conf when the primary becomes invalid', async () => {
    const { fs, logs } = await drive([(f) => f.writeAtomic('/etc/cni/net.d/10-pods.conflist', '{oops'), () => undefined], { ...opts, cleanupConfigOnExit: false });
    expect(JSON.parse(fs.files.get(CONF)!.data).cniVersion).toBe('0.4.0');
    expect(logs.some((l) => l.includes('is not valid JSON'))).toBe(true);
  });

  it('refreshes the kubeconfig when the token file changes (rotation)', async () => {
    const tokens: string[] = [];
    await drive([
      (f) => void tokens.push(JSON.parse(f.files.get(KUBECONFIG)!.data).users[0].user.token),
      (f) => f.writeAtomic('/sa/token', 'tok-2'),
      (f) => void tokens.push(JSON.parse(f.files.get(KUBECONFIG)!.data).users[0].user.token),
    ]);
    expect(tokens).toEqual(['tok-1', 'tok-2']);
  });

  it('removes our conf on stop with --cleanup-config-on-exit, keeps it without', async () => {
    expect((await drive([() => undefined])).fs.files.has(CONF)).toBe(false);
    expect((await drive([() => undefined], { ...opts, cleanupConfigOnExit: false })).fs.files.has(CONF)).toBe(true);
  });

  it('retries a failing set-up with exponential backoff instead of exiting', async () => {
    const kube = new FakeKubeClient().failNext('listNetworkAttachmentDefinitions', new Error('ECONNREFUSED'), 3);
    const { logs, fs } = await drive([() => undefined, () => undefined, () => undefined, (f) => void expect(f.files.has(CONF)).toBe(true)], { ...opts, cleanupConfigOnExit: false }, kube);
    expect(logs.filter((l) => l.startsWith('set-up failed')).map((l) => /retrying in (\d+) s/.exec(l)![1])).toEqual(['1', '2', '4']);
    expect(fs.files.has(CONF)).toBe(true);
  });
});
