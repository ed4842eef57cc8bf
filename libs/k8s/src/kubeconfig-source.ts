import { invalidConfig } from '@plexus/cni-spec';
import { isIPv6 } from 'node:net';

/** Where the service-account token, CA and namespace of an in-cluster pod are mounted. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Where credentials come from: a kubeconfig file, or the pod's service account when running in a cluster. */
export type KubeconfigSource =
  | { kind: 'file'; path: string }
  | { kind: 'in-cluster'; server: string; serviceAccountDir: string };

/** Inputs of resolveKubeconfigSource. */
export interface SourceOptions {
  /** The config's `kubeconfig` path; wins over in-cluster. */
  kubeconfigPath?: string;
  env: Record<string, string | undefined>;
  serviceAccountDir?: string;
}

/**
 * resolveKubeconfigSource picks the config's `kubeconfig` path when set, else the in-cluster service account when
 * KUBERNETES_SERVICE_HOST/PORT are set (as client-go's InClusterConfig does), else fails with code 7.
 */
export function resolveKubeconfigSource(opts: SourceOptions): KubeconfigSource {
  if (opts.kubeconfigPath !== undefined) {
    if (opts.kubeconfigPath.trim() === '') throw invalidConfig('kubeconfig', 'path is empty');
    return { kind: 'file', path: opts.kubeconfigPath };
  }
  const host = opts.env['KUBERNETES_SERVICE_HOST'];
  const port = opts.env['KUBERNETES_SERVICE_PORT'];
  if (!host || !port) {
    throw invalidConfig('kubeconfig', 'not set, and not running in a cluster (KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT unset)');
  }
  // The in-cluster API is always TLS (client-go), whatever the port.
  const server = `https://${isIPv6(host) ? `[${host}]` : host}:${port}`;
  return { kind: 'in-cluster', server, serviceAccountDir: opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR };
}

/** describeSource names the credentials in error messages. */
export function describeSource(source: KubeconfigSource): string {
  return source.kind === 'file' ? `kubeconfig "${source.path}"` : `in-cluster service account "${source.serviceAccountDir}"`;
}
