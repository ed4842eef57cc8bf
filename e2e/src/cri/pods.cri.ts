import { CLUSTER_NET, NETWORKS_ANNOTATION, useCriWorld } from './cri-world';

const world = useCriWorld();

describe('CRI: pods through containerd and Plexus', () => {
  it('a plain pod gets the cluster network only; the CRI pod IP is its address', async () => {
    const w = world();
    const cri = w.containerd.cri;
    const id = await cri.runPodSandbox(w.pod('plain'));
    const s = await w.status(id);
    console.log(JSON.stringify(s), w.podAddrs(s.netnsPath!));
    await cri.stopPodSandbox(id);
    await cri.removePodSandbox(id);
    console.log(await w.leftovers());
  }, 60_000);
});
