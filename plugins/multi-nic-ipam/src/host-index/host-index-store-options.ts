import type { Env } from '@plexus/skel';

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
