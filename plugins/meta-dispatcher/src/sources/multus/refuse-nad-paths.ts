import { isJsonObject } from '@plexus/json-fields';

/**
 * Key names that hold a file-system path in the plugins a NAD may name: ours (`logFile`, `ipam.dataDir`,
 * `kubeconfig`), the reference plugins (host-local `dataDir`), whereabouts (`log_file`, `kubernetes.kubeconfig`),
 * and anything named like one (`…File`, `…_path`, `…Dir`, `socketPath`…) — by word, so `profile` is no path.
 */
const PATH_KEY =
  /^(file|path|dir|directory|socket|kubeconfig|logfile|datadir|confdir|cachedir|bindir)$|(File|Path|Dir|Directory|Socket|Kubeconfig|KubeConfig)$|_(file|path|dir|directory|socket|kubeconfig)$/;

/** A path-valued key found in a NAD's config: where (relative to spec.config) and the value. */
export interface PathValuedKey {
  field: string;
  value: string;
}

/**
 * findPathValuedKey walks a NAD's `spec.config` document (pure) for the first key that names a file: a key named
 * like a path (PATH_KEY) with a non-empty string value, or any string value that is an absolute path (`/…`, `~…`).
 * The meta-dispatcher runs delegates as root: a path in a NAD would let whoever may edit NADs in a namespace make
 * root create or append files anywhere (`logFile`, `ipam.dataDir`) or pick the credentials a delegate uses
 * (`kubeconfig`). Node-owned paths belong in confDir files, which the node's admin controls.
 */
export function findPathValuedKey(doc: unknown, at = ''): PathValuedKey | undefined {
  if (Array.isArray(doc)) {
    for (const [i, item] of doc.entries()) {
      const found = findPathValuedKey(item, `${at}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (!isJsonObject(doc)) return undefined;
  for (const [key, value] of Object.entries(doc)) {
    const field = at ? `${at}.${key}` : key;
    if (typeof value === 'string') {
      if (value !== '' && (PATH_KEY.test(key) || value.startsWith('/') || value.startsWith('~'))) return { field, value };
      continue;
    }
    const found = findPathValuedKey(value, field);
    if (found) return found;
  }
  return undefined;
}
