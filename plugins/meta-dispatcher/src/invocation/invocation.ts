import { parseCniArgs, parseCniArgsForDel, type CniArgs } from '@plexus/cni-spec';
import type { ChainDeps } from '@plexus/conflist';
import { logDelegateCalls } from '@plexus/invoke';
import type { KubeClient } from '@plexus/k8s';
import type { Logger } from '@plexus/log';
import type { CmdArgs } from '@plexus/skel';
import { CheckpointStore } from '../checkpoint/checkpoint-store';
import type { DispatcherConfig } from '../config/dispatcher-config';
import type { PodIdentity } from '../plan/network-request';
import { readPodIdentity } from '../sources/pod-identity';
import type { SourceDeps } from '../sources/source-deps';
import type { DispatcherDeps } from './dispatcher-deps';
import { readConfig } from './read-config';

/** One CNI invocation of the dispatcher, with everything its steps share. */
export interface Invocation {
  args: CmdArgs;
  config: DispatcherConfig;
  /** The pod from CNI_ARGS (undefined outside Kubernetes). */
  pod?: PodIdentity;
  runtimeCniArgs: CniArgs;
  log: Logger;
  deps: DispatcherDeps;
  source: SourceDeps;
  /** How delegates run: caller env, CNI_PATH with binDir first, the per-delegate timeout. */
  chain: ChainDeps;
  store: CheckpointStore;
  /** The Kubernetes client, or undefined when no API is configured. */
  kube(): KubeClient | undefined;
}

/**
 * openInvocation parses the config and CNI_ARGS and wires the shared pieces. Nothing is contacted here: the
 * Kubernetes client and the netlink gate are created on first use.
 */
export function openInvocation(args: CmdArgs, deps: DispatcherDeps): Invocation {
  const config = readConfig(args.conf, args.command === 'DEL' || args.command === 'GC', args.log);
  // A DEL must succeed after an ADD refused for a malformed CNI_ARGS (the skel refuses it up front): DEL reads what it can.
  const runtimeCniArgs = args.command === 'DEL' ? parseCniArgsForDel(args.args) : parseCniArgs(args.args);
  const pod = readPodIdentity(runtimeCniArgs);
  const log = args.log.child(pod ? { pod: `${pod.namespace}/${pod.name}` } : {});
  for (const warning of config.warnings) log.warn(warning);
  const source = deps.sourceDeps(config, args.env, log);
  // Multus prepends binDir to CNI_PATH; delegates see the same list for their own delegates (IPAM).
  const cniPath = config.binDir ? [config.binDir, ...args.path.filter((p) => p !== config.binDir)] : [...args.path];
  const inv: Invocation = {
    args,
    config,
    runtimeCniArgs,
    log,
    deps,
    source,
    chain: { delegator: logDelegateCalls(deps.delegator, log), baseEnv: args.env, cniPath, timeoutMs: config.delegateTimeoutMs, writeStderr: args.writeStderr },
    store: new CheckpointStore(deps.files, config.cacheDir),
    kube: () => source.kube?.(),
  };
  if (pod) inv.pod = pod;
  return inv;
}
