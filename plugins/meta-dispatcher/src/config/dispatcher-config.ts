import type { LogLevel } from '@plexus/log';
import type { MultusOptions } from './multus-options';

/** DANM-style networks (`danm` key). */
export interface DanmOptions {
  /** Read `danm.io/interfaces` and DanmNet/TenantNetwork/ClusterNetwork objects. */
  enabled: boolean;
  /**
   * Name of the network a pod gets when it asks for nothing (looked up as DanmNet in the pod's namespace, then
   * TenantNetwork, then ClusterNetwork); `""` turns the fallback off.
   */
  defaultNetwork: string;
  /** `indexed`: secondary names are containerPrefix + sequence; `legacy`: containerPrefix verbatim (DANM's `namingScheme`). */
  namingScheme: 'indexed' | 'legacy';
}

/** The Dockin-style HTTP backend (`backend`, `backendTimeoutMs`). */
export interface BackendOptions {
  /** http(s) URL; `podName` and `namespace` query parameters are added per pod. */
  url: string;
  timeoutMs: number;
}

/** Options of the multi-NIC host pool (`multiNic` key); the core discovers the pool via netlink and applies these. */
export interface MultiNicOptions {
  /** Only these host NICs may be in the pool, in this order (undefined: every NIC that qualifies). */
  hostNics?: string[];
  /** NICs never in the pool: exact names, or prefixes written `name*` (e.g. `docker*`). */
  excludeNics: string[];
}

/** One network of the static `networks` list (no API needed). */
export interface StaticNetworkEntry {
  /** A conf `name` looked up in confDir, or an absolute path to a .conf/.conflist/.json file. */
  conf: string;
  /** Interface name for this network (secondaries only; the first entry is primary and gets CNI_IFNAME). */
  interface?: string;
  /** Where it came from, e.g. `networks[1]`, for error messages. */
  field: string;
}

/** The meta-dispatcher configuration, validated, with defaults applied. */
export interface DispatcherConfig extends MultusOptions {
  cniVersion: string;
  name: string;
  /** Path to a kubeconfig; absent = in-cluster credentials when KUBERNETES_SERVICE_HOST is set, else no API. */
  kubeconfig?: string;
  /** plexus-node's node-local cache (its `--run-dir`/cache); NADs and DANM objects are read there before the API. */
  nodeCache?: string;
  /** Directory of conf files for NAD-less networks, static DANM delegates, Dockin types and the static list. */
  confDir: string;
  /** Directory of the core's checkpoints (`cacheDir`, or Multus' `cniDir`). */
  cacheDir: string;
  /** Directory prepended to CNI_PATH when delegates are looked up. */
  binDir?: string;
  /** The primary network: NAD name (in multusNamespace), conf name in confDir, or a path. */
  clusterNetwork?: string;
  /** Networks every pod outside systemNamespaces gets, resolved like clusterNetwork. */
  defaultNetworks: string[];
  multusNamespace: string;
  systemNamespaces: string[];
  namespaceIsolation: boolean;
  globalNamespaces: string[];
  danm: DanmOptions;
  backend?: BackendOptions;
  /** Bound on each delegate invocation (the core's concern; parsed here). */
  delegateTimeoutMs: number;
  multiNic: MultiNicOptions;
  /** Static conf files: the first is primary. Mutually exclusive with clusterNetwork. */
  networks: StaticNetworkEntry[];
  logFile?: string;
  logLevel?: LogLevel;
  /** The kubelet's device checkpoint (default /var/lib/kubelet/device-plugins/kubelet_internal_checkpoint). */
  deviceCheckpointFile?: string;
}

/** Defaults of the dispatcher config keys. */
export const DISPATCHER_DEFAULTS = {
  confDir: '/etc/cni/plexus/net.d',
  cacheDir: '/var/lib/cni/plexus/meta-dispatcher',
  multusNamespace: 'kube-system',
  systemNamespaces: ['kube-system'],
  globalNamespaces: ['default'],
  backendTimeoutMs: 5000,
  delegateTimeoutMs: 30_000,
  danmDefaultNetwork: 'default',
} as const;
