import { createFetchHttpClient, type HttpClient } from '@plexus/http';
import { createKubeClient, type KubeClient } from '@plexus/k8s';
import { noopLogger, type Logger } from '@plexus/log';
import { NodeCacheReader, WRITE_BEHIND_SOCKET, handOff, withNodeCache } from '@plexus/node-cache';
import { NodeFileStore, type FileStore } from '@plexus/store';
import type { DispatcherConfig } from '../config/dispatcher-config';

/**
 * The side effects the network sources use. Sources only read: they never reserve, write or delete anything.
 * `kube` and `http` are factories so that an invocation that needs neither creates neither.
 */
export interface SourceDeps {
  /** The Kubernetes API, or undefined when none is configured (no `kubeconfig` and not running in a cluster). */
  kube?: () => KubeClient;
  http: () => HttpClient;
  files: FileStore;
  log: Logger;
}

/** Overrides of createSourceDeps (tests, or a core that already holds a client). */
export interface SourceDepsOptions {
  env?: Record<string, string | undefined>;
  log?: Logger;
  files?: FileStore;
  createKube?: () => KubeClient;
  createHttp?: () => HttpClient;
}

/**
 * createSourceDeps wires the production side effects. The API counts as configured when `kubeconfig` is set or
 * KUBERNETES_SERVICE_HOST is (in-cluster credentials), as in Multus; the client is built on first use only.
 */
export function createSourceDeps(config: DispatcherConfig, opts: SourceDepsOptions = {}): SourceDeps {
  const env = opts.env ?? process.env;
  const deps: SourceDeps = {
    http: once(opts.createHttp ?? (() => createFetchHttpClient({ defaultTimeoutMs: config.backend?.timeoutMs }))),
    files: opts.files ?? new NodeFileStore(),
    log: opts.log ?? noopLogger,
  };
  if (config.kubeconfig || env.KUBERNETES_SERVICE_HOST || opts.createKube) {
    const makeKube = opts.createKube ?? (() => createKubeClient({ kubeconfigPath: config.kubeconfig, env, onWarning: (w) => deps.log.warn(w) }));
    // With plexus-node's cache, a hit never creates the client (no @kubernetes/client-node load on the hot path).
    // Its write-behind socket takes network-status and events; without the agent they are written here as before.
    const cache = config.nodeCache;
    deps.kube = once(
      cache
        ? () => withNodeCache(makeKube, new NodeCacheReader(deps.files, cache), undefined, (req) => handOff(`${cache}/${WRITE_BEHIND_SOCKET}`, req))
        : makeKube,
    );
  }
  return deps;
}

/** once memoises a factory: the first call creates, later calls return the same value. */
export function once<T>(create: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: create() }).value;
}
