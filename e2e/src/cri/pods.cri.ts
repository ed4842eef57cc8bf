/**
 * Pods created by a real runtime: a private containerd's CRI plugin runs the node's first conf file — the
 * meta-dispatcher conflist prepareNode wrote — exactly as kubelet's RunPodSandbox does on a cluster node. Each
 * scenario checks the runtime's view (PodSandboxStatus), the kernel's (links and addresses inside the sandbox
 * netns) and the API's (network-status, the emulator's request log), and that teardown leaves nothing.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_NET, NAD_SUBNETS, NETWORKS_ANNOTATION, useCriWorld } from './cri-world';
import { POD_ANNOTATIONS_CAPABILITY } from './prepare-node';
import { inSubnet } from './subnet';

const world = useCriWorld();
const CLEAN = { checkpoints: [], allocations: [], bridgePorts: [], netns: [], sandboxes: [] };
const THREE_NADS = JSON.stringify([{ name: 'net-a' }, { name: 'net-b', ips: ['10.234.2.7/24'] }, { name: 'net-c' }]);

describe('CRI: pods through containerd and Plexus', () => {
  it('a plain pod gets the cluster network only; the CRI pod IP is its address; Stop and Remove leave nothing', async () => {
    const w = world();
    const cri = w.containerd.cri;
    w.api.requests.clear();
    const id = await cri.runPodSandbox(w.pod('plain'));
    const s = await w.status(id);
    expect(s.state).toBe('SANDBOX_READY');
    const addrs = w.podAddrs(s.netnsPath!);
    expect(Object.keys(addrs)).toEqual(['eth0']);
    expect(addrs.eth0).toHaveLength(1);
    expect(inSubnet(addrs.eth0[0], CLUSTER_NET.subnet)).toBe(true);
    expect(s.ip).toBe(addrs.eth0[0].split('/')[0]);
    expect(s.additionalIps).toEqual([]);
    expect(w.networkStatus('default', 'plain')?.map((e) => [e.name, e.interface, e.ips, e.default])).toEqual([[CLUSTER_NET.name, 'eth0', [s.ip], true]]);
    // The conf declares the pod-annotations capability: containerd hands the annotations over, no pod GET.
    expect(w.api.requests.list({ method: 'GET', path: /\/pods\// })).toEqual([]);

    await cri.stopPodSandbox(id);
    expect((await cri.podSandboxStatus(id)).state).toBe('SANDBOX_NOTREADY');
    expect({ ...(await w.leftovers()), sandboxes: [] }).toEqual(CLEAN);
    await cri.removePodSandbox(id);
    expect(await w.leftovers()).toEqual(CLEAN);
  }, 120_000);

  it('a pod with three NADs gets eth0 + net1..net3; CRI reports eth0 only; network-status in the API; no pod read', async () => {
    const w = world();
    const cri = w.containerd.cri;
    w.api.requests.clear();
    const id = await cri.runPodSandbox(w.pod('multi', { [NETWORKS_ANNOTATION]: THREE_NADS }));
    const s = await w.status(id);
    expect(s.state).toBe('SANDBOX_READY');
    expect(w.podLinks(s.netnsPath!)).toEqual(['eth0', 'net1', 'net2', 'net3']);
    const addrs = w.podAddrs(s.netnsPath!);
    expect(inSubnet(addrs.eth0[0], CLUSTER_NET.subnet)).toBe(true);
    expect(inSubnet(addrs.net1[0], NAD_SUBNETS['net-a'])).toBe(true);
    expect(addrs.net2).toEqual(['10.234.2.7/24']);
    expect(inSubnet(addrs.net3[0], NAD_SUBNETS['net-c'])).toBe(true);
    // The pod IP kubelet gets is the cluster network's, never a secondary network's.
    expect(s.ip).toBe(addrs.eth0[0].split('/')[0]);
    expect(s.additionalIps).toEqual([]);
    const status = w.networkStatus('default', 'multi');
    expect(status?.map((e) => [e.name, e.interface, e.ips, e.default ?? false])).toEqual([
      [CLUSTER_NET.name, 'eth0', [s.ip], true],
      ['default/net-a', 'net1', [addrs.net1[0].split('/')[0]], false],
      ['default/net-b', 'net2', ['10.234.2.7'], false],
      ['default/net-c', 'net3', [addrs.net3[0].split('/')[0]], false],
    ]);
    expect(w.api.requests.list({ method: 'GET', path: /\/pods\// })).toEqual([]);
    expect(w.api.requests.count({ method: 'GET', path: /\/network-attachment-definitions\// })).toBe(3);

    await cri.stopPodSandbox(id);
    expect({ ...(await w.leftovers()), sandboxes: [] }).toEqual(CLEAN);
    await cri.removePodSandbox(id);
    expect(await w.leftovers()).toEqual(CLEAN);
  }, 120_000);

  it('containerd sends the pod annotations in runtimeConfig, and both of its DELs succeed, the second without netns or prevResult', async () => {
    const w = world();
    const cri = w.containerd.cri;
    w.traceDispatcher();
    try {
      const id = await cri.runPodSandbox(w.pod('traced', { [NETWORKS_ANNOTATION]: THREE_NADS }));
      await w.status(id);
      await cri.stopPodSandbox(id);
      await cri.removePodSandbox(id);
    } finally {
      w.untraceDispatcher();
    }
    const calls = readdirSync(w.traceDir)
      .filter((f) => f.endsWith('.meta'))
      .sort()
      .map((f) => {
        const meta = JSON.parse(readFileSync(join(w.traceDir, f), 'utf8')) as { command: string; netns: string; exitCode: number };
        const stdin = JSON.parse(readFileSync(join(w.traceDir, f.replace(/\.meta$/, '.stdin')), 'utf8')) as { prevResult?: unknown; runtimeConfig?: Record<string, Record<string, string>> };
        return { ...meta, stdin };
      });
    expect(calls.map((c) => c.command)).toEqual(['ADD', 'DEL', 'DEL']);
    const [add, stopDel, removeDel] = calls;
    expect(add.exitCode).toBe(0);
    expect(add.stdin.runtimeConfig?.[POD_ANNOTATIONS_CAPABILITY]?.[NETWORKS_ANNOTATION]).toBe(THREE_NADS);
    expect(stopDel).toMatchObject({ exitCode: 0, netns: expect.stringMatching(/^\/var\/run\/netns\/cni-/) });
    expect(stopDel.stdin.prevResult).toBeDefined();
    expect(removeDel).toMatchObject({ exitCode: 0, netns: '' });
    expect(removeDel.stdin.prevResult).toBeUndefined();
    expect(await w.leftovers()).toEqual(CLEAN);
  }, 120_000);
});
