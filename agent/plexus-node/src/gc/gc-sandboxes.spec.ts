import { FakeCommandRunner } from '@plexus/exec/testing';
import { FakeKubeClient } from '@plexus/k8s/testing';
import type { Pod } from '@plexus/k8s';
import { gcSandboxes, type CheckpointSummary } from './gc-sandboxes';

const CONFLIST = JSON.stringify({ cniVersion: '1.0.0', name: 'plexus', plugins: [{ type: 'meta-dispatcher', cacheDir: '/cp', clusterNetwork: '/c/10.conflist' }] });
const cp = (id: string, name: string, uid: string, ageMs = 600_000): CheckpointSummary => ({ file: `/cp/${id}.json`, containerId: id, netns: `/var/run/netns/${id}`, ifName: 'eth0', pod: { namespace: 'd', name, uid }, ageMs });
const pod = (name: string, uid: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'd', name, uid } }) as Pod;

function setup(checkpoints: CheckpointSummary[], cache: Record<string, Pod | 'absent'>, api: Pod[] = [], synced = true) {
  const kube = new FakeKubeClient();
  for (const p of api) kube.addPod(p);
  const runner = new FakeCommandRunner();
  const logs: string[] = [];
  const deps = {
    listCheckpoints: async () => checkpoints,
    cachedPod: async (_ns: string, name: string) => (synced ? (cache[name] ?? 'absent') : ('unknown' as const)),
    kube: () => kube,
    runner,
    log: (l: string) => logs.push(l),
  };
  return { deps, runner, kube, logs };
}
const opts = { dispatcherPath: '/opt/cni/bin/meta-dispatcher', conflist: CONFLIST, cniPath: '/opt/cni/bin', graceMs: 120_000 };

describe('gcSandboxes', () => {
  it('runs the dispatcher DEL, as the runtime would, for a sandbox whose pod is gone from the cache and the API', async () => {
    const { deps, runner } = setup([cp('c1', 'gone', 'u1'), cp('c2', 'alive', 'u2')], { alive: pod('alive', 'u2') });
    expect(await gcSandboxes(deps, opts)).toEqual(['c1']);
    expect(runner.calls).toHaveLength(1);
    const call = runner.calls[0]!;
    expect(call.file).toBe('/opt/cni/bin/meta-dispatcher');
    expect(call.opts?.env).toMatchObject({ CNI_COMMAND: 'DEL', CNI_CONTAINERID: 'c1', CNI_NETNS: '/var/run/netns/c1', CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin', CNI_ARGS: 'IgnoreUnknown=1;K8S_POD_NAMESPACE=d;K8S_POD_NAME=gone;K8S_POD_UID=u1' });
    expect(JSON.parse(call.opts!.input!)).toEqual({ type: 'meta-dispatcher', cacheDir: '/cp', clusterNetwork: '/c/10.conflist', name: 'plexus', cniVersion: '1.0.0' });
  });

  it('collects a sandbox whose pod name was reused by a new pod (other UID)', async () => {
    const { deps } = setup([cp('c1', 'web', 'old')], { web: pod('web', 'new') }, [pod('web', 'new')]);
    expect(await gcSandboxes(deps, opts)).toEqual(['c1']);
  });

  it('keeps: young checkpoints, unsynced cache, pods the API still has, non-Kubernetes sandboxes, and failed DELs', async () => {
    expect(await gcSandboxes(setup([cp('c1', 'gone', 'u1', 1000)], {}).deps, opts)).toEqual([]);
    expect(await gcSandboxes(setup([cp('c1', 'gone', 'u1')], {}, [], false).deps, opts)).toEqual([]);
    // Not in the cache yet (informer lag) but in the API: kept.
    expect(await gcSandboxes(setup([cp('c1', 'new', 'u1')], {}, [pod('new', 'u1')]).deps, opts)).toEqual([]);
    expect(await gcSandboxes(setup([{ ...cp('c1', 'x', 'u'), pod: undefined }], {}).deps, opts)).toEqual([]);
    const failing = setup([cp('c1', 'gone', 'u1')], {});
    failing.runner.on('/opt/cni/bin/meta-dispatcher', { exitCode: 1, stdout: '{"code":11,"msg":"busy"}' });
    expect(await gcSandboxes(failing.deps, opts)).toEqual([]);
    expect(failing.logs[0]).toContain('kept for the next pass');
  });

  it('keeps the sandbox when the API cannot confirm', async () => {
    const s = setup([cp('c1', 'gone', 'u1')], {});
    s.kube.failNext('getPod', new Error('connection refused'));
    expect(await gcSandboxes(s.deps, opts)).toEqual([]);
  });
});
