/**
 * The image: `npm run image` builds localhost/plexus-node (podman, FROM scratch, offline); its entrypoint with
 * `--once` runs under podman/runc against temp host dirs (mounted at the same paths, as the DaemonSet does), and a
 * pod netns then attaches through what it installed — plugins running on the host through the runtime it copied.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../meta-dispatcher/md-world';
import { WORKSPACE_ROOT, buildPlugins, ipJson, isRoot } from '../support';
import { runProcessOk } from './once-helpers';
import { CNICTL, NodeWorld } from './node-world';

const IMAGE = 'localhost/plexus-node:e2e';
const POD = { namespace: 'default', name: 'web-0', uid: 'uid-web-0' };

let w: NodeWorld;
beforeAll(() => {
  if (!isRoot()) throw new Error('the image e2e needs root (podman, netns)');
  buildPlugins('tools');
  const out = spawnSync('bash', ['agent/plexus-node/image/build-image.sh'], { cwd: WORKSPACE_ROOT, encoding: 'utf8', env: { ...process.env, PLEXUS_IMAGE: IMAGE } });
  if (out.status !== 0) throw new Error(`npm run image failed: ${out.stderr}${out.stdout}`);
}, 600_000);
beforeEach(async () => {
  w = new NodeWorld();
  await w.startApi();
});
afterEach(() => w.cleanup());

/** podman run of the image's entrypoint with the world's dirs mounted at the same paths. */
function podmanRun(args: string[]) {
  mkdirSync(w.runDir, { recursive: true });
  const mounts = [w.binDir, w.confDir, w.runDir].flatMap((d) => ['-v', `${d}:${d}`]).concat(['-v', `${w.saDir}:${w.saDir}:ro`]);
  // runc here may not raise rlimits (no CAP_SYS_RESOURCE): ask for limits at or below the current ones.
  const limits = ['--ulimit', 'nofile=4096:4096', '--ulimit', 'nproc=4096:4096'];
  return runProcess('podman', ['--runtime', 'runc', 'run', '--rm', '--network', 'host', ...limits, ...mounts, IMAGE, ...args], { PATH: process.env.PATH ?? '' });
}

describe('plexus-node image', () => {
  it('--once under podman installs plugins and the runtime, writes conf and kubeconfig; a pod attaches through them', async () => {
    w.primaryConf();
    w.api!.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { ...POD, annotations: { 'k8s.v1.cni.cncf.io/networks': 'net-b' } } });
    w.api!.seed({
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: { namespace: 'default', name: 'net-b' },
      spec: { config: JSON.stringify({ cniVersion: '1.0.0', name: 'net-b', type: 'bridge', bridge: w.bridge, ipam: { type: 'static-ipam', addresses: [{ address: '10.197.2.5/24' }] } }) },
    });
    const out = await podmanRun(['--once', '--cni-bin-dir', w.binDir, '--cni-conf-dir', w.confDir, '--sa-dir', w.saDir, '--run-dir', w.runDir, '--api-server', w.api!.url, '--plugins', 'meta-dispatcher,static-ipam', '--node-runtime', '/plexus/node']);
    expect(out.stderr).toContain('wrote');
    expect(out.status).toBe(0);
    expect(readdirSync(w.binDir).sort()).toEqual(['.plexus-installed.json', 'meta-dispatcher', 'plexus-runtime', 'static-ipam']);
    expect(readFileSync(join(w.binDir, 'meta-dispatcher'), 'utf8').split('\n')[0]).toBe(`#!${join(w.binDir, 'plexus-runtime', 'node')}`);
    // The installed plugin runs on the host with no node on PATH.
    const version = execFileSync(join(w.binDir, 'static-ipam'), [], { env: { PATH: '/nonexistent', CNI_COMMAND: 'VERSION' }, input: '{"cniVersion":"1.0.0"}' }).toString();
    expect(JSON.parse(version).supportedVersions).toContain('1.0.0');

    const pod = w.pod();
    await runProcessOk(CNICTL, ['add', 'plexus', pod.path], w.cniEnv(POD));
    const links = ipJson<Array<{ ifname: string; addr_info: Array<{ local: string }> }>>(pod, ['-4', 'addr', 'show']).filter((l) => l.ifname !== 'lo');
    expect(links.map((l) => [l.ifname, l.addr_info.map((a) => a.local)])).toEqual([
      ['eth0', ['10.197.1.5']],
      ['net1', ['10.197.2.5']],
    ]);
    await runProcessOk(CNICTL, ['del', 'plexus', pod.path], w.cniEnv(POD));
  }, 180_000);

  it('has iproute2 on PATH for the multi-nic pass (libs/netlink runs `ip`)', async () => {
    const limits = ['--ulimit', 'nofile=4096:4096', '--ulimit', 'nproc=4096:4096'];
    const out = await runProcess('podman', ['--runtime', 'runc', 'run', '--rm', '--network', 'host', ...limits, '--entrypoint', 'ip', IMAGE, '-json', 'link', 'show', 'lo'], { PATH: process.env.PATH ?? '' });
    expect({ status: out.status, stderr: out.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(out.stdout)[0]).toMatchObject({ ifname: 'lo' });
  }, 120_000);

  it('bad input under podman: non-zero exit naming the thing, nothing written', async () => {
    const out = await podmanRun(['--once', '--cni-bin-dir', '/nonexistent', '--cni-conf-dir', w.confDir, '--sa-dir', w.saDir, '--api-server', w.api!.url]);
    expect(out.status).toBe(3);
    expect(out.stderr).toContain('--cni-bin-dir "/nonexistent" does not exist');
    expect(readdirSync(w.confDir)).toEqual([]);
  }, 120_000);
});
