import { createKubeClient } from '@plexus/k8s';
import type { HostIndexStoreOptions } from './host-index-store-options';
import { type HostIndexStore, KubeHostIndexStore } from '@plexus/multi-nic';

/**
 * openKubeHostIndexStore connects the host-index store to the API server. The quick variant (route sync during an
 * ADD) gives up after one 2 s attempt instead of the client's default timeouts and retries.
 */
export function openKubeHostIndexStore(opts: HostIndexStoreOptions): HostIndexStore {
  return new KubeHostIndexStore(createKubeClient({ kubeconfigPath: opts.kubeconfig, env: opts.env, ...(opts.quick ? { timeoutMs: 2000, retries: 0 } : {}) }));
}
