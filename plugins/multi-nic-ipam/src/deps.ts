import type { Netlink } from '@plexus/netlink';
import type { Env } from '@plexus/skel';
import { NodeFileStore, type FileStore } from '@plexus/store';
import { hostname } from 'node:os';
import type { HostIndexStore } from '@plexus/multi-nic';
// Static on purpose: behind a dynamic import esbuild cannot tree-shake @plexus/exec, and execa would be bundled.
import { createHostNetlink } from './create-host-netlink';

/** How to reach the cluster-wide host-index store. */
export interface HostIndexStoreOptions {
  /** `ipam.kubeconfig` (or top-level `kubeconfig`); absent means in-cluster credentials. */
  kubeconfig?: string;
  env: Env;
  /**
   * Fail fast instead of the client's default timeouts and retries: used by the route sync an ADD runs on the
   * side, which must not hold a pod's ADD for long when the API is down.
   */
  quick?: boolean;
}

/** Every side effect multi-nic-ipam has, injectable for tests. */
export interface MultiNicDeps {
  files: FileStore;
  /** netlink returns the kernel gate for the plugin's own netns (the host's): NIC addresses and L3 routes. */
  netlink: () => Promise<Netlink>;
  openHostIndexStore: (opts: HostIndexStoreOptions) => Promise<HostIndexStore>;
  now: () => Date;
  hostname: () => string;
}

/**
 * createDefaultDeps wires the real implementations. Nothing expensive happens here: the process runner (execa) and
 * the Kubernetes client are imported on first use, iproute2 runs only when NIC addresses or routes are needed, and
 * @kubernetes/client-node loads only on the first API call, so the common ADD (host index cached, L2 mode)
 * evaluates none of them.
 */
export function createDefaultDeps(): MultiNicDeps {
  let netlink: Promise<Netlink> | undefined;
  return {
    files: new NodeFileStore(),
    // Imported on first use: evaluating execa and the Kubernetes client costs every invocation that never needs them.
    netlink: () => (netlink ??= Promise.resolve(createHostNetlink())),
    openHostIndexStore: async (opts) => (await import('./host-index/open-kube-host-index-store')).openKubeHostIndexStore(opts),
    now: () => new Date(),
    hostname,
  };
}

