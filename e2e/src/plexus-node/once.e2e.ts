/**
 * plexus-node --once on a throwaway node: it installs exactly the selected plugins (with the Node runtime beside
 * them, so they run with no node on PATH), writes 00-plexus.conflist wrapping the primary and the 0600 kubeconfig
 * from the service account; a pod netns then attaches through what it wrote (primary + a NAD read with that
 * kubeconfig). Bad input exits non-zero naming the thing, with nothing written.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlugins, ipJson, isRoot } from '../support';
import { CNICTL, NodeWorld, runProcessOk } from './once-helpers';

const POD = { namespace: 'default', name: 'web-0', uid: 'uid-web-0' };
const NETS = 'k8s.v1.cni.cncf.io/networks';

let w: NodeWorld;
beforeAll(() => {
  if (!isRoot()) throw new Error('the plexus-node e2e suite needs root (netns, links)');
  buildPlugins('tools', 'plexus-node', 'meta-dispatcher', 'static-ipam');
}, 240_000);
beforeEach(async () => {
  w = new NodeWorld();
  await w.startApi();
});
afterEach(() => w.cleanup());

describe('plexus-node --once', () => {
  it('installs, writes conf and kubeconfig, exits 0; a pod then attaches to the primary and a NAD through them', async () => {
    w.primaryConf();
    w.api!.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { ...POD, annotations: { [NETS]: 'net-b' } } });
    w.api!.seed({
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: { namespace: 'default', name: 'net-b' },
      spec: { config: JSON.stringify({ cniVersion: '1.0.0', name: 'net-b', type: 'bridge', bridge: w.bridge, ipam: { type: 'static-ipam', addresses: [{ address: '10.197.2.5/24' }] } }) },
    });

    const out = await w.agent(['--once', '--plugins', 'meta-dispatcher,static-ipam', '--node-name', 'node-a']);
    expect(out.stderr).toContain("primary CNI conf");
    expect(out.status).toBe(0);

    // Exactly the selected plugins, the manifest, and the runtime they point at.
    expect(readdirSync(w.binDir).sort()).toEqual(['.plexus-installed.json', 'meta-dispatcher', 'plexus-runtime', 'static-ipam']);
    const runtime = join(w.binDir, 'plexus-runtime', 'node');
    expect(readFileSync(join(w.binDir, 'static-ipam'), 'utf8').split('\n')[0]).toBe(`#!${runtime}`);
    expect(statSync(runtime).mode & 0o777).toBe(0o755);
    // No node on PATH: the installed plugin still runs (its shebang is the absolute runtime).
    const version = execFileSync(join(w.binDir, 'static-ipam'), [], { env: { PATH: '/nonexistent', CNI_COMMAND: 'VERSION' }, input: '{"cniVersion":"1.0.0"}' }).toString();
    expect(JSON.parse(version).supportedVersions).toContain('1.0.0');

    const kubeconfig = join(w.confDir, 'plexus.d', 'plexus.kubeconfig');
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(kubeconfig, 'utf8')).users[0].user.token).toBe(w.token);
    const conf = JSON.parse(readFileSync(join(w.confDir, '00-plexus.conflist'), 'utf8'));
    expect(conf).toMatchObject({ cniVersion: '1.0.0', name: 'plexus', plugins: [{ type: 'meta-dispatcher', clusterNetwork: join(w.confDir, '10-pods.conflist'), kubeconfig }] });
    expect(conf.plugins[0].capabilities['io.kubernetes.cri.pod-annotations']).toBe(true);

    const pod = w.pod();
    await runProcessOk(CNICTL, ['add', 'plexus', pod.path], w.cniEnv(POD));
    const addrs = ipJson<Array<{ ifname: string; addr_info: Array<{ local: string }> }>>(pod, ['-4', 'addr', 'show']).filter((l) => l.ifname !== 'lo');
    expect(addrs.map((l) => [l.ifname, l.addr_info.map((a) => a.local)])).toEqual([
      ['eth0', ['10.197.1.5']],
      ['net1', ['10.197.2.5']],
    ]);
    // The dispatcher used the written kubeconfig: the NAD GET and the network-status PATCH reached the API.
    const status = w.api!.store.get({ group: '', plural: 'pods', namespace: POD.namespace, name: POD.name })?.metadata.annotations as Record<string, string>;
    expect(JSON.parse(status['k8s.v1.cni.cncf.io/network-status']!).map((s: { interface: string }) => s.interface)).toEqual(['eth0', 'net1']);
    await runProcessOk(CNICTL, ['del', 'plexus', pod.path], w.cniEnv(POD));
  }, 120_000);

  it('a second run changes nothing (idempotent) and keeps foreign files', async () => {
    w.primaryConf();
    writeFileSync(join(w.binDir, 'bridge'), 'foreign');
    expect((await w.agent(['--once', '--plugins', 'static-ipam'])).status).toBe(0);
    const again = await w.agent(['--once', '--plugins', 'static-ipam']);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('all up to date');
    expect(readFileSync(join(w.binDir, 'bridge'), 'utf8')).toBe('foreign');
  }, 60_000);

  const snapshot = () => [readdirSync(w.binDir).sort(), readdirSync(w.confDir).sort()];

  it.each([
    ['a primary conf that is not JSON', () => writeFileSync(join(w.confDir, '05-broken.conf'), '{"cniVersion":'), [], /primary CNI conf ".*05-broken\.conf" is not valid JSON/],
    ['an unknown plugin', () => w.primaryConf(), ['--plugins', 'static-ipam,nope'], /unknown plugin "nope"/],
    ['a missing conf dir', () => w.primaryConf(), ['--cni-conf-dir', '/nonexistent/net.d'], /--cni-conf-dir "\/nonexistent\/net\.d" does not exist/],
    ['a missing bin dir', () => w.primaryConf(), ['--cni-bin-dir', '/nonexistent/bin'], /--cni-bin-dir "\/nonexistent\/bin" does not exist/],
    ['an unreachable API', () => w.primaryConf(), ['--api-server', 'http://127.0.0.1:9'], /API server http:\/\/127\.0\.0\.1:9 unreachable/],
    ['a token the API refuses', () => (w.primaryConf(), writeFileSync(join(w.saDir, 'token'), 'wrong')), [], /unreachable or refused the service-account token/],
  ] as const)('refuses %s: one line naming it, non-zero exit, nothing written', async (_what, arrange, args, message) => {
    arrange();
    const before = snapshot();
    const out = await w.agent(['--once', ...args]);
    expect(out.status).not.toBe(0);
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split('\n').filter((l) => !l.includes('primary CNI conf:'))).toHaveLength(1);
    expect(snapshot()).toEqual(before);
    expect(existsSync(join(w.confDir, '00-plexus.conflist'))).toBe(false);
  }, 60_000);
});
