import { invalidConfig, readAbsolutePath, type NetConf } from '@plexus/cni-spec';
import { readBoolean, readString, readStringList, readWholeNumber } from '@plexus/json-fields';
import { LOG_LEVELS, parseLogLevel, type LogLevel } from '@plexus/log';
import { DISPATCHER_DEFAULTS, type DispatcherConfig } from './dispatcher-config';
import { parseBackend } from './parse-backend';
import { parseDanmOptions } from './parse-danm-options';
import { parseMultiNicOptions } from './parse-multi-nic-options';
import { checkConfReference, parseStaticNetworks } from './parse-static-networks';
import { checkTopLevelKeys } from './check-top-level-keys';
import { parseMultusOptions } from './parse-multus-options';
import { readNamespace, readNamespaceList } from './read-config-fields';

/**
 * parseDispatcherConfig validates the meta-dispatcher's own keys of a decoded NetConf and applies defaults (pure).
 * Every problem is code 7 naming the key. Besides per-key checks it refuses combinations that cannot mean what
 * the operator wants: `backend` (Dockin mode defines the whole pod network) with any other network source, and
 * `clusterNetwork` with `networks` (both name the primary).
 */
export function parseDispatcherConfig(conf: NetConf): DispatcherConfig {
  const keyWarnings = checkTopLevelKeys(conf);
  const multus = parseMultusOptions(conf);
  const out: DispatcherConfig = {
    ...multus,
    warnings: [...keyWarnings, ...multus.warnings],
    cniVersion: conf.cniVersion,
    name: conf.name,
    confDir: readAbsolutePath(conf.confDir, 'confDir') ?? DISPATCHER_DEFAULTS.confDir,
    cacheDir: readCacheDir(conf),
    defaultNetworks: readNetworkRefs(conf.defaultNetworks, 'defaultNetworks'),
    multusNamespace: readNamespace(conf.multusNamespace, 'multusNamespace') || DISPATCHER_DEFAULTS.multusNamespace,
    systemNamespaces: readNamespaceList(conf.systemNamespaces, 'systemNamespaces') ?? [...DISPATCHER_DEFAULTS.systemNamespaces],
    namespaceIsolation: readBoolean(conf.namespaceIsolation, 'namespaceIsolation') ?? false,
    globalNamespaces: readNamespaceList(conf.globalNamespaces, 'globalNamespaces', { commaString: true }) ?? [...DISPATCHER_DEFAULTS.globalNamespaces],
    danm: parseDanmOptions(conf.danm),
    delegateTimeoutMs: readWholeNumber(conf.delegateTimeoutMs, 'delegateTimeoutMs', 1, 3_600_000, { unit: 'milliseconds' }) ?? DISPATCHER_DEFAULTS.delegateTimeoutMs,
    multiNic: parseMultiNicOptions(conf.multiNic),
    networks: parseStaticNetworks(conf.networks),
  };
  const kubeconfig = readAbsolutePath(conf.kubeconfig, 'kubeconfig');
  if (kubeconfig) out.kubeconfig = kubeconfig;
  const binDir = readAbsolutePath(conf.binDir, 'binDir');
  if (binDir) out.binDir = binDir;
  const nodeCache = readAbsolutePath(conf.nodeCache, 'nodeCache');
  if (nodeCache) out.nodeCache = nodeCache;
  const clusterNetwork = readString(conf.clusterNetwork, 'clusterNetwork');
  if (clusterNetwork) {
    checkConfReference(clusterNetwork, 'clusterNetwork');
    out.clusterNetwork = clusterNetwork;
  }
  const backend = parseBackend(conf.backend, conf.backendTimeoutMs);
  if (backend) out.backend = backend;
  const deviceCheckpointFile = readAbsolutePath(conf.deviceCheckpointFile, 'deviceCheckpointFile');
  if (deviceCheckpointFile) out.deviceCheckpointFile = deviceCheckpointFile;
  const logFile = readAbsolutePath(conf.logFile, 'logFile');
  if (logFile) out.logFile = logFile;
  const logLevel = readLogLevel(conf.logLevel);
  if (logLevel) out.logLevel = logLevel;
  // DANM returns every network merged (its MergeCniResults); Multus returns the cluster network's result alone.
  if (conf.mergedResult === undefined || conf.mergedResult === null) out.mergedResult = out.danm.enabled;
  checkCombinations(out);
  return out;
}

/** readCacheDir reads `cacheDir` or its Multus name `cniDir` (where Multus keeps its delegate cache). */
function readCacheDir(conf: NetConf): string {
  const cacheDir = readAbsolutePath(conf.cacheDir, 'cacheDir');
  const cniDir = readAbsolutePath(conf.cniDir, 'cniDir');
  if (cacheDir && cniDir && cacheDir !== cniDir) throw invalidConfig('cniDir', `"${cniDir}" conflicts with cacheDir "${cacheDir}"; set one of them`);
  return cacheDir ?? cniDir ?? DISPATCHER_DEFAULTS.cacheDir;
}

function readNetworkRefs(v: unknown, field: string): string[] {
  const list = readStringList(v, field) ?? [];
  list.forEach((ref, i) => checkConfReference(ref, `${field}[${i}]`));
  return list;
}

function readLogLevel(v: unknown): LogLevel | undefined {
  const s = readString(v, 'logLevel');
  if (s === undefined || s === '') return undefined;
  // parseLogLevel knows Multus' and Go's aliases (panic, verbose, warning…); anything it cannot map is a typo.
  const level = parseLogLevel(s, 'silent');
  if (level === 'silent' && s.toLowerCase() !== 'silent') throw invalidConfig('logLevel', `"${s}" must be one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

function checkCombinations(c: DispatcherConfig): void {
  if (c.backend) {
    const others = [
      c.clusterNetwork !== undefined && 'clusterNetwork',
      c.networks.length > 0 && 'networks',
      c.defaultNetworks.length > 0 && 'defaultNetworks',
      c.danm.enabled && 'danm',
    ].filter((x): x is string => typeof x === 'string');
    if (others.length) throw invalidConfig('backend', `the Dockin backend defines every network of a pod; remove ${others.join(', ')}`);
  }
  if (c.delegates.length) {
    // Multus ignores the others when delegates are set (or delegates when clusterNetwork is); refusing is safer.
    const others = [
      c.clusterNetwork !== undefined && 'clusterNetwork',
      c.networks.length > 0 && 'networks',
      c.defaultNetworks.length > 0 && 'defaultNetworks',
      c.backend !== undefined && 'backend',
    ].filter((x): x is string => typeof x === 'string');
    if (others.length) throw invalidConfig('delegates', `conflicts with ${others.join(', ')}: both name the cluster network; use one`);
  }
  if (c.clusterNetwork !== undefined && c.networks.length) {
    throw invalidConfig('networks', 'both "clusterNetwork" and "networks" name the primary network; use one');
  }
}
