/** Everything plexus-node is told on its command line (see parse-args.ts for the flags and defaults). */
export interface AgentOptions {
  /** Install, write config and credentials, then exit. */
  once: boolean;
  cniBinDir: string;
  cniConfDir: string;
  /** `--plugins`: comma-separated names, or "all". */
  plugins: string;
  cleanupConfigOnExit: boolean;
  /** The service-account mount: token, ca.crt. */
  saDir: string;
  /** The API server URL; from KUBERNETES_SERVICE_HOST/PORT when not given. */
  apiServer?: string;
  /** This node's name (pods are watched with fieldSelector spec.nodeName=<it>). */
  nodeName?: string;
  /** Where the built plugins are (the image's /plexus/bin, or dist/bin). */
  fromDir: string;
  /** The Node runtime copied beside the plugins so they run without node on the host; undefined = keep shebangs. */
  nodeRuntime?: string;
  /** How long to wait for the primary CNI conf; 0 = forever. */
  primaryTimeoutMs: number;
  /** Poll interval of the conf dir and of the token file. */
  pollMs: number;
  /** The node-local cache and the write-behind socket (daemon). */
  runDir: string;
  /** Port of /healthz and /metrics on 127.0.0.1 (daemon); 0 = any free port. */
  metricsPort: number;
  /** The meta-dispatcher's checkpoint dir (written into the conf as `cacheDir`; read by GC). */
  checkpointDir: string;
  /** Seconds between GC passes (daemon); 0 = no GC. */
  gcIntervalS: number;
  /** A checkpoint younger than this is never collected (an ADD may still be running for a pod not yet seen). */
  gcGraceS: number;
  /** CNI_PATH for the DELs GC runs (the runtime's plugin path); default the bin dir. */
  gcCniPath?: string;
  /** Seconds between multi-nic-ipam claim revalidation + route sync passes (daemon); 0 = off. */
  multiNicIntervalS: number;
}

/** The file names plexus-node owns in the conf dir. */
export const DISPATCHER_CONF_NAME = '00-plexus.conflist';
export const CREDENTIALS_DIR_NAME = 'plexus.d';
export const KUBECONFIG_NAME = 'plexus.kubeconfig';
/** The Node runtime lives in a sub-directory of the bin dir, so the runtime never mistakes it for a plugin. */
export const RUNTIME_DIR_NAME = 'plexus-runtime';

/** cacheRootOf is the node cache's root: `<run dir>/cache` (the dispatcher conf's `nodeCache`). */
export function cacheRootOf(opts: Pick<AgentOptions, 'runDir'>): string {
  return `${opts.runDir}/cache`;
}
