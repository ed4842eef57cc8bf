import { invalidConfig } from '@plexus/cni-spec';
import type { KubeConfig, User } from '@kubernetes/client-node';
import { dirname, isAbsolute, join } from 'node:path';
import type { ClientNodeModule } from './client-node';
import type { FileStamp, KubeFs } from './kube-fs';
import type { KubeconfigSource } from './kubeconfig-source';

/** A parsed KubeConfig plus the files whose change makes it stale. */
export interface LoadedKubeconfig {
  kubeConfig: KubeConfig;
  watched: Array<{ path: string; stamp: FileStamp | undefined }>;
  /** Things that work but the operator should know (logged by the caller). */
  warnings: string[];
}

/**
 * loadKubeconfig reads credentials into a client-node KubeConfig. A token file (kubeconfig `tokenFile`/`token-file`,
 * an auth-provider `tokenFile`, or the service-account token) is read here and set as the user's token: client-node's
 * own FileAuth caches one token process-wide for 60 s, which is exactly the stale-token bug of Multus #852/#1263.
 * Every file read is listed in `watched` so the caller can reload when one of them changes.
 */
export function loadKubeconfig(k8s: ClientNodeModule, fs: KubeFs, source: KubeconfigSource): LoadedKubeconfig {
  return source.kind === 'file' ? loadFile(k8s, fs, source.path) : loadInCluster(k8s, fs, source.server, source.serviceAccountDir);
}

function loadFile(k8s: ClientNodeModule, fs: KubeFs, path: string): LoadedKubeconfig {
  const watched = [{ path, stamp: fs.stat(path) }];
  const text = readOrFail(fs, path, 'kubeconfig', path);
  const kc = new k8s.KubeConfig();
  let raw: { users?: Array<{ name?: string; user?: Record<string, unknown> }> };
  try {
    kc.loadFromString(text);
    kc.makePathsAbsolute(dirname(path));
    raw = (k8s.loadYaml(text) ?? {}) as typeof raw;
  } catch (e) {
    throw invalidConfig('kubeconfig', `"${path}": ${(e as Error).message}`);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw invalidConfig('kubeconfig', `"${path}": no cluster for current-context "${kc.getCurrentContext() ?? ''}"`);
  const warnings: string[] = [];
  if (cluster.server.startsWith('http:')) {
    // kubectl (and Multus' client-go) accept a plain-HTTP server; client-node refuses it unless TLS verification is
    // off, which means nothing without TLS. Accept it as kubectl does, and say so: credentials travel in clear.
    warnings.push(`kubeconfig "${path}": server "${cluster.server}" is plain HTTP; credentials and pod data travel unencrypted`);
    if (!cluster.skipTLSVerify) markPlainHttp(kc, cluster.name);
  }
  const user = kc.getCurrentUser();
  if (user) {
    const rawUser = raw.users?.find((u) => u?.name === user.name)?.user ?? {};
    const tokenFile = pickTokenFile(rawUser, user);
    if (tokenFile) {
      const abs = isAbsolute(tokenFile) ? tokenFile : join(dirname(path), tokenFile);
      watched.push({ path: abs, stamp: fs.stat(abs) });
      const token = readOrFail(fs, abs, 'kubeconfig', `"${path}" token file`).trim();
      replaceUser(kc, { ...user, token, authProvider: undefined });
    }
  }
  return { kubeConfig: kc, watched, warnings };
}

function loadInCluster(k8s: ClientNodeModule, fs: KubeFs, server: string, dir: string): LoadedKubeconfig {
  const tokenPath = join(dir, 'token');
  const caPath = join(dir, 'ca.crt');
  const watched = [
    { path: tokenPath, stamp: fs.stat(tokenPath) },
    { path: caPath, stamp: fs.stat(caPath) },
  ];
  const token = readOrFail(fs, tokenPath, 'kubeconfig', 'in-cluster service account token').trim();
  readOrFail(fs, caPath, 'kubeconfig', 'in-cluster service account CA');
  const kc = new k8s.KubeConfig();
  kc.loadFromClusterAndUser({ name: 'inCluster', server, caFile: caPath, skipTLSVerify: false }, { name: 'inClusterUser', token });
  return { kubeConfig: kc, watched, warnings: [] };
}

/** markPlainHttp sets skipTLSVerify on an http:// cluster: the only way client-node sends plain HTTP. */
function markPlainHttp(kc: KubeConfig, clusterName: string): void {
  kc.loadFromOptions({
    clusters: kc.getClusters().map((c) => (c.name === clusterName ? { ...c, skipTLSVerify: true } : c)),
    contexts: kc.getContexts(),
    currentContext: kc.getCurrentContext(),
    users: kc.getUsers(),
  });
}

function pickTokenFile(rawUser: Record<string, unknown>, user: User): string | undefined {
  const fromAuthProvider = (user.authProvider as { config?: { tokenFile?: unknown } } | undefined)?.config?.tokenFile;
  for (const v of [rawUser['tokenFile'], rawUser['token-file'], fromAuthProvider]) if (typeof v === 'string' && v) return v;
  return undefined;
}

function replaceUser(kc: KubeConfig, user: User): void {
  kc.loadFromOptions({
    clusters: kc.getClusters(),
    contexts: kc.getContexts(),
    currentContext: kc.getCurrentContext(),
    users: kc.getUsers().map((u) => (u.name === user.name ? user : u)),
  });
}

function readOrFail(fs: KubeFs, path: string, field: string, what: string): string {
  try {
    return fs.readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw invalidConfig(field, `${what === path ? `"${path}"` : `${what} "${path}"`}: ${why}`);
  }
}
