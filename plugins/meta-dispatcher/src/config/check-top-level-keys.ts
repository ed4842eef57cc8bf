import { invalidConfig, type NetConf } from '@plexus/cni-spec';

/** Every top-level key the dispatcher reads (its own, Multus' and the CNI spec's). */
const KNOWN_KEYS = new Set([
  // CNI spec and runtime-provided keys
  'cniVersion', 'cniVersions', 'name', 'type', 'args', 'runtimeConfig', 'prevResult', 'capabilities', 'disableCheck', 'disableGC',
  // Multus thin-plugin keys
  'clusterNetwork', 'delegates', 'defaultNetworks', 'cniDir', 'binDir', 'confDir', 'kubeconfig', 'readinessindicatorfile',
  'namespaceIsolation', 'globalNamespaces', 'systemNamespaces', 'multusNamespace', 'logFile', 'logLevel', 'logToStderr', 'logOptions',
  // dispatcher keys
  'cacheDir', 'danm', 'backend', 'backendTimeoutMs', 'delegateTimeoutMs', 'multiNic', 'networks', 'mergedResult', 'readinessTimeoutMs', 'deviceCheckpointFile',
]);

/** Multus keys with no dispatcher equivalent, and why. Using one is an error: the operator relies on it. */
const UNSUPPORTED: Record<string, string> = {
  auxiliaryCNIChainName: 'the auxiliary chain (Multus v4.2.1+) is not supported; list the extra plugins as networks instead',
  daemonSocketDir: 'a Multus thick-mode (multus-shim) key; the meta-dispatcher is a one-shot plugin',
  chrootDir: 'a Multus thick-mode daemon key; the meta-dispatcher is a one-shot plugin',
  perNodeCertificate: 'a Multus thick-mode daemon key; give a kubeconfig with client certificates instead',
  socketDir: 'a Multus thick-mode daemon key; the meta-dispatcher is a one-shot plugin',
};

/** Multus keys the dispatcher accepts but whose setting has no effect here, with the reason logged as a warning. */
const NO_EFFECT: Record<string, string> = {
  retryDeleteOnError: 'the checkpoint is always kept when a delegate DEL fails, so a retried DEL finishes it (Multus retryDeleteOnError: true)',
  cniConf: 'Multus itself ignores "cniConf" (thin_entrypoint writes it for --multus-cni-conf-dir); use "confDir"',
};

/**
 * checkTopLevelKeys refuses Multus keys the dispatcher cannot honour (code 7 naming the key) and returns a warning
 * for every other key it does not read, so nothing in the config is dropped without a trace in the log.
 */
export function checkTopLevelKeys(conf: NetConf): string[] {
  const warnings: string[] = [];
  for (const key of Object.keys(conf)) {
    const why = UNSUPPORTED[key];
    if (why !== undefined) throw invalidConfig(key, `not supported: ${why}`);
    const noEffect = NO_EFFECT[key];
    if (noEffect !== undefined) warnings.push(`"${key}" has no effect: ${noEffect}`);
    else if (!KNOWN_KEYS.has(key)) warnings.push(`unknown key "${key}" is ignored`);
  }
  return warnings;
}
