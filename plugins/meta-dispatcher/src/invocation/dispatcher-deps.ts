import type { KubeClient } from '@plexus/k8s';
import type { Delegator } from '@plexus/invoke';
import type { Logger } from '@plexus/log';
import type { Netlink } from '@plexus/netlink';
import type { WriteBehindRequest } from '@plexus/node-cache';
import type { Env } from '@plexus/skel';
import type { FileStore } from '@plexus/store';
import type { DispatcherConfig } from '../config/dispatcher-config';
import type { DanmNetworkRef, NetworkRequest, PodIdentity } from '../plan/network-request';
import type { ConfList } from '../config/conf-list';
import type { ResolveContext } from '../sources/resolve-context';
import type { SourceDeps } from '../sources/source-deps';
import type { ReadinessClock } from './wait-for-readiness';

/**
 * The DANM address management and rendering the reserve stage uses (owner-keyed, idempotent): the port is declared
 * here, with the other side effects, and wired to reserve/danm and reserve/danm-render in deps.ts.
 */
export interface DanmPort {
  /** allocate reserves the owner's addresses in the network object and returns them (CIDRs, IPv4 first). */
  allocate(kube: KubeClient, ref: DanmNetworkRef, pair: { ip: string; ip6: string }, owner: DanmOwner, opts: { pod?: PodIdentity }): Promise<string[]>;
  /** release frees whatever the owner holds; a missing network or nothing held is success. */
  release(kube: KubeClient, ref: DanmNetworkRef, owner: DanmOwner, opts: { pod?: PodIdentity }): Promise<unknown>;
  /** render writes the request's final delegate conflist for the reserved addresses (pure). */
  render(request: NetworkRequest, addresses: readonly string[]): ConfList;
}

/** Who holds DANM addresses: the container and the interface. */
export interface DanmOwner {
  containerId: string;
  ifName: string;
}

/** The network sources as the dispatcher sees them: resolution only (they read; they never reserve). */
export interface NetworkSources {
  resolveNetworks(ctx: ResolveContext): Promise<NetworkRequest[]>;
}

/** How a report reaches plexus-node: the write-behind socket in production, a recorder in specs. */
export type SendToAgent = (socketPath: string, req: WriteBehindRequest) => Promise<unknown>;

/** Every side effect of the meta-dispatcher, injectable for tests. */
export interface DispatcherDeps {
  sources: NetworkSources;
  /** DANM reservations (reserve stage). */
  danm: DanmPort;
  /** Runs delegates: Plexus bundles in-process, others by exec. */
  delegator: Delegator;
  /** Checkpoints. */
  files: FileStore;
  /** The kernel gate (host netns for the NIC pool; the pod's netns by path). */
  netlink: () => Netlink;
  /** The sources' side effects for one invocation (the Kubernetes client factory among them). */
  sourceDeps: (config: DispatcherConfig, env: Env, log: Logger) => SourceDeps;
  /**
   * How ADD/DEL outcomes reach plexus-node's /metrics (when the conf names a `nodeCache`); absent: not reported.
   * Production sends them over the write-behind socket (report-to-agent.ts).
   */
  reportToAgent?: SendToAgent;
  /** The clock of the readiness-indicator wait (default: real time). */
  readinessClock?: ReadinessClock;
}
