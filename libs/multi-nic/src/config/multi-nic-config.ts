import type { Dns, Route } from '@plexus/cni-spec';
import type { Cidr } from '@plexus/ip';
import type { Layout } from '../layout/layout';

/** `vlanMode`: l2 needs no routes; l3/l3s get a routing table towards the other hosts' blocks. */
export type VlanMode = 'l2' | 'l3' | 'l3s';

/** One host NIC of the pool, in index order. */
export interface PoolEntry {
  /** The pool position (0-based): it picks the interface block. */
  position: number;
  /** `ipam.masters[i]`: the NIC name. */
  name?: string;
  /** `ipam.masterNets[i]`: the NIC's subnet; the NIC is found by its address on each host. */
  net?: Cidr;
  /** As written in the config, for messages and matching requests. */
  text: string;
  /** The config field, e.g. `ipam.masters[1]`. */
  field: string;
}

/** The pool of host NICs the network spreads over. */
export interface Pool {
  kind: 'masters' | 'masterNets';
  entries: PoolEntry[];
}

/** Which masters one attachment asked for, and where that came from (for messages). */
export type MasterRequest =
  | { kind: 'all' }
  | { kind: 'names'; names: string[]; field: string }
  | { kind: 'count'; count: number; field: string };

/** Where the host index comes from. */
export type HostIndexSource = { kind: 'fixed'; hostIndex: number } | { kind: 'kubernetes' };

/** The validated, normalised configuration of one invocation. */
export interface MultiNicConfig {
  /** The network name (`name`): store directory and Kubernetes claim key. */
  network: string;
  cniVersion: string;
  layout: Layout;
  /** Canonical `ipam.subnet`. */
  subnet: string;
  pool: Pool;
  request: MasterRequest;
  vlanMode: VlanMode;
  routes: Route[];
  dns?: Dns;
  /** Addresses never handed out besides network/broadcast: every route gateway (values of the subnet's family). */
  reserved: bigint[];
  /** `<dataDir>/<network>` holds this network's state. */
  dataDir: string;
  hostIndex: HostIndexSource;
  /** `ipam.kubeconfig` or top-level `kubeconfig`; absent means in-cluster credentials. */
  kubeconfig?: string;
  /** `ipam.nodeName`, when set (see resolveNodeName for the fallbacks). */
  nodeName?: string;
  /** `ipam.routeTable`: fixed table id for L3 mode; otherwise the first free id ≥ 100 is picked and remembered. */
  routeTable?: number;
  /** How old the last L3 route sync may be before an ADD syncs again (`ipam.routeSyncInterval`, seconds). */
  routeSyncIntervalMs: number;
}

/** Where state lives when `ipam.dataDir` is not set. */
export const DEFAULT_DATA_DIR = '/var/lib/cni/plexus/multi-nic-ipam';
/** Default `ipam.routeSyncInterval` in seconds. */
export const DEFAULT_ROUTE_SYNC_INTERVAL_S = 60;
