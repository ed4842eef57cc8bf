import type { ResourceType } from '@plexus/k8s';
import type { DanmNetworkRef } from '@plexus/checkpoint';

/** The API group of Plexus' DANM-style network objects (not DANM's own `danm.io`, so both can coexist). */
export const DANM_API_GROUP = 'danm.plexus.io';

/** The resource of each DANM network kind; DanmNet and TenantNetwork are namespaced, ClusterNetwork is not. */
export const DANM_RESOURCES: Readonly<Record<DanmNetworkRef['kind'], ResourceType & { namespaced: boolean }>> = {
  DanmNet: { group: DANM_API_GROUP, version: 'v1', plural: 'danmnets', kind: 'DanmNet', namespaced: true },
  TenantNetwork: { group: DANM_API_GROUP, version: 'v1', plural: 'tenantnetworks', kind: 'TenantNetwork', namespaced: true },
  ClusterNetwork: { group: DANM_API_GROUP, version: 'v1', plural: 'clusternetworks', kind: 'ClusterNetwork', namespaced: false },
};

/** The pod annotation listing DANM-style interfaces. */
export const DANM_INTERFACES_ANNOTATION = 'danm.io/interfaces';

/** The network types whose delegate config the dispatcher generates (dynamic integration). */
export const DANM_DYNAMIC_TYPES = ['ipvlan', 'macvlan', 'multi-nic'] as const;

/** One address family's pool of a DANM network, as canonical text (JSON-safe: it is checkpointed by the core). */
export interface DanmPool {
  family: 4 | 6;
  /** The network, e.g. `10.0.0.0/24`. */
  cidr: string;
  /** First and last address handed out dynamically (defaults: network+1 … broadcast−1, or the last v6 address). */
  start: string;
  end: string;
}

/** A route of a DANM network: `dst` via `gw`. */
export interface DanmRoute {
  family: 4 | 6;
  dst: string;
  gw: string;
}

/** A DANM network object, validated (spec keys in README "DANM-style networks"). */
export interface DanmNetwork {
  ref: DanmNetworkRef;
  /** `spec.networkID` (default: the object name): names the static conf file and VLAN/VxLAN host devices. */
  networkId: string;
  /** `spec.networkType` (default `ipvlan`). */
  networkType: string;
  integration: 'dynamic' | 'static';
  /** The host NIC the delegate attaches to: `vx_<networkID>` (vxlan), `<networkID>.<vlan>` (vlan), else `hostDevice`. */
  master?: string;
  v4?: DanmPool;
  v6?: DanmPool;
  /** `spec.routes`: installed in the pod's main table. */
  routes: DanmRoute[];
  /** `spec.policyRoutes`: installed in `routingTable` for every pod of the network. */
  policyRoutes: DanmRoute[];
  routingTable?: number;
  containerPrefix?: string;
  vlan?: number;
  vxlan?: number;
  /** ClusterNetwork only: namespaces allowed to use it (absent = all). */
  allowedTenants?: string[];
  /** networkType multi-nic: the per-NIC plugin and the IPAM that allocates for all NICs. */
  multiNic?: { plugin: Record<string, unknown>; ipam: Record<string, unknown> };
  /** Addresses never handed out: route and policy-route gateways inside a pool's network. */
  gateways: string[];
}

/** Who holds an address: the container and the interface, so DEL can free by owner without knowing the IPs. */
export interface DanmOwner {
  containerId: string;
  ifName: string;
}

export { describeDanmRef } from '@plexus/checkpoint';
