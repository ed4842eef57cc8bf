import { FakeKubeClient, FAKE_NODES } from '@plexus/k8s/testing';
import { FakeNetlink } from '@plexus/netlink/testing';
import type { PluginDefinition } from '@plexus/skel';
import { MemoryFileStore } from '@plexus/store/testing';
import type { MultiNicDeps } from '../deps';
import { KubeHostIndexStore } from '@plexus/multi-nic';
import { exampleIpam } from '@plexus/multi-nic/testing';
import { createMultiNicIpamHandlers } from '../handlers';

/** A test world: in-memory files, kernel and API server behind the plugin's deps. */
export interface TestWorld {
  deps: MultiNicDeps;
  files: MemoryFileStore;
  netlink: FakeNetlink;
  kube: FakeKubeClient;
  plugin: PluginDefinition;
  /** The clock the deps read; tests move it. */
  clock: { now: Date };
  /** openedStores counts how often the plugin connected to the API (each ADD that needs it connects once). */
  openedStores: number;
}

/** createTestWorld builds fakes for every side effect; `hostNics` are added to the fake host netns with their addresses. */
export async function createTestWorld(opts: { hostNics?: Record<string, string[]>; nodes?: string[]; hostname?: string } = {}): Promise<TestWorld> {
  const files = new MemoryFileStore();
  const netlink = new FakeNetlink();
  const kube = new FakeKubeClient();
  for (const node of opts.nodes ?? ['node-a']) kube.seed(FAKE_NODES, { metadata: { name: node } });
  for (const [nic, addrs] of Object.entries(opts.hostNics ?? {})) {
    await netlink.host().addDummy(nic);
    await netlink.host().setLinkUp(nic);
    for (const a of addrs) await netlink.host().addAddr(nic, a);
  }
  const clock = { now: new Date('2025-01-01T00:00:00Z') };
  const world = { files, netlink, kube, clock, openedStores: 0 } as TestWorld;
  world.deps = {
    files,
    netlink: async () => netlink.host(),
    openHostIndexStore: async () => {
      world.openedStores++;
      return new KubeHostIndexStore(kube);
    },
    now: () => clock.now,
    hostname: () => opts.hostname ?? 'Node-A',
  };
  world.plugin = { name: 'multi-nic-ipam', handlers: createMultiNicIpamHandlers(world.deps) };
  return world;
}

/** The worked example's network: 192.168.0.0/16, m=2, n=6, pool eth1 and eth2. */
export function exampleConf(ipam: Record<string, unknown> = {}, top: Record<string, unknown> = {}, cniVersion = '1.1.0'): Record<string, unknown> {
  return {
    cniVersion,
    name: 'storage-net',
    type: 'ipvlan',
    ...top,
    ipam: exampleIpam(ipam),
  };
}
