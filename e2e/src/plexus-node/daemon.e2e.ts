/**
 * plexus-node as a daemon on a throwaway node: /healthz and /metrics on 127.0.0.1, the conf follows the primary,
 * a rotated service-account token reaches the plugin kubeconfig (and the API accepts only the new one), and SIGTERM
 * with --cleanup-config-on-exit removes our conf.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../meta-dispatcher/md-world';
import { buildPlugins, ipJson, isRoot } from '../support';
import { runProcessOk } from './once-helpers';
import { CNICTL, NodeWorld, startAgent } from './node-world';

let w: NodeWorld;
beforeAll(() => buildPlugins('plexus-node', 'static-ipam'), 240_000);
beforeEach(async () => {
  w = new NodeWorld();
  await w.startApi();
});
afterEach(() => w.cleanup());

const conf = () => join(w.confDir, '00-plexus.conflist');
const kubeconfigToken = () => JSON.parse(readFileSync(join(w.confDir, 'plexus.d', 'plexus.kubeconfig'), 'utf8')).users[0].user.token as string;

describe('plexus-node daemon', () => {
  it('serves /healthz and /metrics, follows the primary, picks up a rotated token, and removes its conf on SIGTERM', async () => {
    w.primaryConf();
    const agent = await startAgent(w, ['--plugins', 'static-ipam', '--cleanup-config-on-exit']);
    await agent.waitFor(/set-up done/);
    expect(existsSync(conf())).toBe(true);
    const health = await fetch(`http://127.0.0.1:${agent.port}/healthz`);
    expect(health.status).toBe(200);

    // The primary changes: another conf takes the first place.
    writeFileSync(join(w.confDir, '05-other.conf'), JSON.stringify({ cniVersion: '0.4.0', name: 'other', type: 'ptp' }));
    await agent.waitFor(/rewrote 00-plexus\.conflist for primary .*05-other\.conf/);
    expect(JSON.parse(readFileSync(conf(), 'utf8'))).toMatchObject({ cniVersion: '0.4.0', plugins: [{ clusterNetwork: join(w.confDir, '05-other.conf') }] });

    // Token rotation: the kubelet swaps the file; the API stops accepting the old token.
    w.api!.setTokens(['tok-rotated']);
    writeFileSync(join(w.saDir, 'token'), 'tok-rotated');
    await agent.waitFor(/refreshed .*plexus\.kubeconfig/);
    expect(kubeconfigToken()).toBe('tok-rotated');

    const metrics = await (await fetch(`http://127.0.0.1:${agent.port}/metrics`)).text();
    expect(metrics).toMatch(/^plexus_node_conf_writes_total 1$/m);
    expect(metrics).toMatch(/^plexus_node_kubeconfig_writes_total 1$/m);

    // SIGTERM is prompt even with a GC pass minutes away (its timer must not keep the process alive).
    const t0 = Date.now();
    expect(await agent.stop()).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(existsSync(conf())).toBe(false);
    expect(agent.stderr()).toContain('removed');
  }, 90_000);

  it('keeps retrying (not exiting) while the primary conf is invalid, unhealthy, then recovers', async () => {
    writeFileSync(join(w.confDir, '10-bad.conf'), '{nope');
    const agent = await startAgent(w, ['--plugins', 'static-ipam']);
    await agent.waitFor(/set-up failed \(retrying in 1 s\): primary CNI conf .*10-bad\.conf" is not valid JSON/);
    expect((await fetch(`http://127.0.0.1:${agent.port}/healthz`)).status).toBe(503);
    writeFileSync(join(w.confDir, '10-bad.conf'), JSON.stringify({ cniVersion: '1.0.0', name: 'fixed', type: 'bridge' }));
    await agent.waitFor(/set-up done/);
    expect((await fetch(`http://127.0.0.1:${agent.port}/healthz`)).status).toBe(200);
    expect(await agent.stop()).toBe(0);
    expect(existsSync(conf())).toBe(true);
  }, 90_000);
});

describe('plexus-node node cache (daemon + meta-dispatcher)', () => {
  const POD = { namespace: 'default', name: 'web-0', uid: 'uid-web-0' };
  const nadGets = () => w.api!.requests.count({ method: 'GET', path: /network-attachment-definitions\/[^/]+$/ });
  const podGets = () => w.api!.requests.count({ method: 'GET', path: /\/pods\/[^/]+$/ });

  it('a warm cache serves the pod (same UID) and NADs of an ADD with 0 API reads; a NAD deleted in the API is no longer used', async () => {
    if (!isRoot()) throw new Error('needs root (netns, links)');
    buildPlugins('tools', 'meta-dispatcher', 'static-ipam');
    w.primaryConf();
    const nad = (name: string, address: string) => ({
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: { namespace: 'default', name },
      spec: { config: JSON.stringify({ cniVersion: '1.0.0', name, type: 'bridge', bridge: w.bridge, ipam: { type: 'static-ipam', addresses: [{ address }] } }) },
    });
    w.api!.seed(nad('net-b', '10.197.2.5/24'));
    w.api!.seed(nad('net-c', '10.197.3.5/24'));
    w.api!.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { ...POD, annotations: { 'k8s.v1.cni.cncf.io/networks': 'net-b,net-c' } }, spec: { nodeName: 'node-a' } });
    const agent = await startAgent(w, ['--plugins', 'meta-dispatcher,static-ipam', '--node-name', 'node-a', '--node-runtime', 'none']);
    await agent.waitFor(/set-up done/);
    // Synced: agent.json lists the NAD resource and the NAD files are there.
    const state = join(w.runDir, 'cache', 'agent.json');
    await waitUntil(() => existsSync(state) && JSON.parse(readFileSync(state, 'utf8')).synced['k8s.cni.cncf.io/network-attachment-definitions'] !== undefined);
    await waitUntil(() => existsSync(join(w.runDir, 'cache', 'objects', 'k8s.cni.cncf.io', 'network-attachment-definitions', 'default', 'net-c.json')));
    await waitUntil(() => existsSync(join(w.runDir, 'cache', 'objects', 'core', 'pods', 'default', 'web-0.json')));
    expect(JSON.parse(readFileSync(state, 'utf8')).synced['core/pods']).toBeDefined();

    // No runtime annotations (cniEnv passes no CAP_ARGS): the pod is read too — from the cache, its UID matching.
    const pod = w.pod();
    const [nadsBefore, podsBefore] = [nadGets(), podGets()];
    await runProcessOk(CNICTL, ['add', 'plexus', pod.path], w.cniEnv(POD));
    expect([nadGets() - nadsBefore, podGets() - podsBefore]).toEqual([0, 0]);
    // Write-behind: the dispatcher handed network-status to the agent, which wrote it.
    const status = () => (w.api!.store.get({ group: '', plural: 'pods', namespace: POD.namespace, name: POD.name })?.metadata.annotations as Record<string, string>)['k8s.v1.cni.cncf.io/network-status'];
    await waitUntil(() => status() !== undefined);
    expect(JSON.parse(status()!).map((s: { interface: string }) => s.interface)).toEqual(['eth0', 'net1', 'net2']);
    const metrics = await (await fetch(`http://127.0.0.1:${agent.port}/metrics`)).text();
    expect(metrics).toMatch(/^plexus_node_writebehind_total\{op="patchPodAnnotations",result="written"\} 1$/m);
    expect(metrics).toMatch(/^plexus_node_cache_objects\{resource="k8s.cni.cncf.io\/network-attachment-definitions"\} 2$/m);
    await runProcessOk(CNICTL, ['del', 'plexus', pod.path], w.cniEnv(POD));
    const after = await (await fetch(`http://127.0.0.1:${agent.port}/metrics`)).text();
    expect(after).toMatch(/^plexus_node_cni_ops_total\{command="ADD",result="ok"\} 1$/m);
    expect(after).toMatch(/^plexus_node_cni_ops_total\{command="DEL",result="ok"\} 1$/m);
    // The ADD's pod + 2 NAD lookups, all hits (the DEL reads nothing).
    expect(after).toMatch(/^plexus_node_cache_lookups_total\{result="hit"\} 3$/m);
    expect(after).not.toMatch(/^plexus_node_cache_lookups_total\{result="miss"\}/m);
    expect(after).toMatch(/^plexus_node_cni_op_seconds_count\{command="ADD"\} 1$/m);

    // A pod recreated under the same name: the runtime's K8S_POD_UID is not the cached one, so the API is asked.
    const podsBeforeStale = podGets();
    const stale = await runProcess(CNICTL, ['add', 'plexus', w.pod().path], w.cniEnv({ ...POD, uid: 'uid-web-0-new' }));
    expect(podGets() - podsBeforeStale).toBe(1);
    expect(stale.status).not.toBe(0);
    expect(stale.stdout + stale.stderr).toMatch(/pod was replaced/);

    // The NAD is deleted in the API: the watch removes it from the cache, and the next ADD fails as without cache.
    w.api!.store.remove({ group: 'k8s.cni.cncf.io', plural: 'network-attachment-definitions', namespace: 'default', name: 'net-c' });
    await waitUntil(() => !existsSync(join(w.runDir, 'cache', 'objects', 'k8s.cni.cncf.io', 'network-attachment-definitions', 'default', 'net-c.json')));
    const pod2 = w.pod();
    const failed = await runProcess(CNICTL, ['add', 'plexus', pod2.path], w.cniEnv(POD));
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/network not found/);
    expect(await agent.stop()).toBe(0);
    // Stopping withdraws the cache: plugins go back to the API.
    expect(existsSync(state)).toBe(false);
  }, 120_000);
});

async function waitUntil(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('plexus-node GC', () => {
  const POD = { namespace: 'default', name: 'gc-0', uid: 'uid-gc-0' };

  it('tears down, from its checkpoint, a sandbox whose pod was deleted without a DEL', async () => {
    if (!isRoot()) throw new Error('needs root (netns, links)');
    buildPlugins('tools', 'meta-dispatcher', 'static-ipam');
    w.primaryConf();
    w.api!.seed({
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: { namespace: 'default', name: 'net-b' },
      spec: { config: JSON.stringify({ cniVersion: '1.0.0', name: 'net-b', type: 'bridge', bridge: w.bridge, ipam: { type: 'static-ipam', addresses: [{ address: '10.197.2.5/24' }] } }) },
    });
    w.api!.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { ...POD, annotations: { 'k8s.v1.cni.cncf.io/networks': 'net-b' } }, spec: { nodeName: 'node-a' } });
    const checkpoints = join(w.tmp, 'checkpoints');
    const agent = await startAgent(w, [
      '--plugins', 'meta-dispatcher,static-ipam', '--node-name', 'node-a', '--node-runtime', 'none',
      '--checkpoint-dir', checkpoints, '--gc-interval', '1', '--gc-grace', '0', '--gc-cni-path', `${w.binDir}:/usr/lib/cni`,
    ]);
    await agent.waitFor(/set-up done/);
    const podsSynced = () => existsSync(join(w.runDir, 'cache', 'objects', 'core', 'pods', 'default', 'gc-0.json'));
    await waitUntil(podsSynced);

    const pod = w.pod();
    await runProcessOk(CNICTL, ['add', 'plexus', pod.path], w.cniEnv(POD));
    const podLinks = () => ipJson<Array<{ ifname: string }>>(pod, ['link', 'show']).map((l) => l.ifname).filter((n) => n !== 'lo').sort();
    expect(podLinks()).toEqual(['eth0', 'net1']);
    const files = () => (existsSync(checkpoints) ? readdirSync(checkpoints).filter((f) => f.endsWith('.json')) : []);
    expect(files()).toHaveLength(1);
    // GC passes meanwhile keep it: the pod exists.
    await new Promise((r) => setTimeout(r, 2500));
    expect(files()).toHaveLength(1);

    // The pod is deleted and the runtime never sends DEL.
    w.api!.store.remove({ group: '', plural: 'pods', namespace: POD.namespace, name: POD.name });
    await agent.waitFor(/GC: tore down sandbox .* of default\/gc-0 \(pod gone\)/, 30_000);
    expect(files()).toEqual([]);
    expect(podLinks()).toEqual([]);
    const metrics = await (await fetch(`http://127.0.0.1:${agent.port}/metrics`)).text();
    expect(metrics).toMatch(/^plexus_node_gc_sandboxes_total 1$/m);
    expect(await agent.stop()).toBe(0);
  }, 120_000);
});
