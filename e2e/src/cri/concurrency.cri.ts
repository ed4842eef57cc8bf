/**
 * 20 pods started at once through containerd (each a dispatcher process running the cluster network and one NAD
 * on host-local), as kubelet does when a node takes a burst of pods: every sandbox comes up, no address is handed
 * out twice, and tearing all of them down at once leaves nothing.
 */
import { CLUSTER_NET, NAD_SUBNETS, NETWORKS_ANNOTATION, useCriWorld } from './cri-world';
import { inSubnet } from './subnet';

const world = useCriWorld();
const PODS = 20;

describe('CRI: a burst of pods', () => {
  it(`${PODS} pods started concurrently all succeed with distinct addresses and tear down clean`, async () => {
    const w = world();
    const cri = w.containerd.cri;
    const specs = Array.from({ length: PODS }, (_, i) => w.pod(`burst-${i}`, { [NETWORKS_ANNOTATION]: 'net-a' }));
    const ids = await Promise.all(specs.map((s) => cri.runPodSandbox(s)));
    const all: string[] = [];
    for (const id of ids) {
      const s = await w.status(id);
      expect(s.state).toBe('SANDBOX_READY');
      const addrs = w.podAddrs(s.netnsPath!);
      expect(Object.keys(addrs).sort()).toEqual(['eth0', 'net1']);
      expect(inSubnet(addrs.eth0[0], CLUSTER_NET.subnet)).toBe(true);
      expect(inSubnet(addrs.net1[0], NAD_SUBNETS['net-a'])).toBe(true);
      expect(s.ip).toBe(addrs.eth0[0].split('/')[0]);
      all.push(addrs.eth0[0], addrs.net1[0]);
    }
    expect(new Set(all).size).toBe(2 * PODS);
    expect(new Set(ids).size).toBe(PODS);
    for (const spec of specs) expect(w.networkStatus(spec.namespace, spec.name)?.map((e) => e.interface)).toEqual(['eth0', 'net1']);

    await Promise.all(ids.map((id) => cri.stopPodSandbox(id)));
    await Promise.all(ids.map((id) => cri.removePodSandbox(id)));
    expect(await w.leftovers()).toEqual({ checkpoints: [], allocations: [], bridgePorts: [], netns: [], sandboxes: [] });
  }, 300_000);
});
