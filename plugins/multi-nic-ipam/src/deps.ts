import type { NetnsScope } from '@plexus/netlink';
import { NodeFileStore, type FileStore } from '@plexus/store';
import { hostname } from 'node:os';
import type { HostIndexStore } from '@plexus/multi-nic';
// Static on purpose: behind a dynamic import esbuild cannot tree-shake @plexus/exec, and ExecaRunner's execa
// would be bundled too (the plugin runs iproute2 through SpawnRunner and needs none of it).
import { createHostNetlink } from './create-host-netlink';
import type { HostIndexStoreOptions } from './host-index/host-index-store-options';

/** Every side effect multi-nic-ipam has, injectable for tests. */
export interface MultiNicDeps {
  files: FileStore;
  /** netlink returns the kernel gate for the plugin's own netns (the host's): NIC addresses and L3 routes. */
  netlink: () => Promise<NetnsScope>;
  openHostIndexStore: (opts: HostIndexStoreOptions) => Promise<HostIndexStore>;
  now: () => Date;
  hostname: () => string;
}

/**
 * productionDeps wires the real implementations. Nothing expensive happens here: the kernel gate is built on first
 * use and iproute2 runs only when NIC addresses or routes are needed; the host-index store module is imported on
 * first use and @kubernetes/client-node loads only on the first API call, so the common ADD (host index cached,
 * L2 mode) evaluates none of them.
 */
export function productionDeps(): MultiNicDeps {
  let netlink: Promise<NetnsScope> | undefined;
  return {
    files: new NodeFileStore(),
    // Built and imported on first use: the Kubernetes client costs every invocation that never needs it.
    netlink: () => (netlink ??= Promise.resolve(createHostNetlink())),
    openHostIndexStore: async (opts) => (await import('./host-index/open-kube-host-index-store')).openKubeHostIndexStore(opts),
    now: () => new Date(),
    hostname,
  };
}

