import { ApiKubeClient } from './api-kube-client';
import { type Clock, systemClock } from './clock';
import type { KubeClient } from './kube-client';
import { type KubeFs, nodeKubeFs } from './kube-fs';
import { resolveKubeconfigSource } from './kubeconfig-source';

/** Options of createKubeClient; all but `kubeconfigPath` have production defaults. */
export interface KubeClientOptions {
  /** The plugin config's `kubeconfig` path; when absent, the in-cluster service account is used. */
  kubeconfigPath?: string;
  /** Bound on each HTTP request, default 5000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt on timeouts, dropped connections, 429 and 5xx; default 3. */
  retries?: number;
  /** First backoff sleep, doubled per retry (capped at 2 s); default 100 ms. */
  backoffMs?: number;
  clock?: Clock;
  fs?: KubeFs;
  /** Environment for in-cluster detection; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Service-account mount; defaults to /var/run/secrets/kubernetes.io/serviceaccount. */
  serviceAccountDir?: string;
  /** Told about credentials that work but deserve the operator's attention (a plain-HTTP server). */
  onWarning?: (message: string) => void;
}

/** Defaults of KubeClientOptions. */
export const KUBE_CLIENT_DEFAULTS = { timeoutMs: 5000, retries: 3, backoffMs: 100 } as const;

/**
 * createKubeClient returns a KubeClient and does nothing else: neither @kubernetes/client-node nor the kubeconfig is
 * touched until the first call, so an invocation that needs no API pays nothing. Credential problems (no
 * `kubeconfig` and not in a cluster, a missing or invalid file) surface on that first call as code 7.
 */
export function createKubeClient(opts: KubeClientOptions = {}): KubeClient {
  return new ApiKubeClient({
    resolveSource: () =>
      resolveKubeconfigSource({ kubeconfigPath: opts.kubeconfigPath, env: opts.env ?? process.env, serviceAccountDir: opts.serviceAccountDir }),
    timeoutMs: opts.timeoutMs ?? KUBE_CLIENT_DEFAULTS.timeoutMs,
    retries: opts.retries ?? KUBE_CLIENT_DEFAULTS.retries,
    backoffMs: opts.backoffMs ?? KUBE_CLIENT_DEFAULTS.backoffMs,
    clock: opts.clock ?? systemClock,
    fs: opts.fs ?? nodeKubeFs,
    ...(opts.onWarning ? { onWarning: opts.onWarning } : {}),
  });
}
