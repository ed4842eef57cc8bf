/** The pod annotation listing secondary networks (NPWG spec §4.1). */
export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';
/** The pod annotation replacing the cluster (primary) network, resolved in multusNamespace. */
export const DEFAULT_NETWORK_ANNOTATION = 'v1.multus-cni.io/default-network';

/** One validated element of a networks annotation (Multus' NetworkSelectionElement). */
export interface NetworkSelection {
  /** The NAD name (a DNS label). */
  name: string;
  /** The NAD namespace: as written, else the annotation's default (the pod's namespace, or multusNamespace). */
  namespace: string;
  /** `interface` (or legacy `interfaceRequest`, or `@if` in the comma form). */
  interface?: string;
  /** `ips`: addresses or CIDRs, as written. */
  ips?: string[];
  mac?: string;
  /** `default-route`: gateway addresses (may be empty: "default route via this network, gateway from IPAM"). */
  defaultRoute?: string[];
  /** `cni-args`: merged into `args.cni` of every plugin. */
  cniArgs?: Record<string, unknown>;
  portMappings?: Array<Record<string, unknown>>;
  bandwidth?: Record<string, unknown>;
  deviceID?: string;
  infinibandGuid?: string;
  /** Where it was written, e.g. `k8s.v1.cni.cncf.io/networks[2]`, for error messages. */
  field: string;
}

/** selectionNetworkName is how a selection is named in messages and network-status: `ns/name`. */
export function selectionNetworkName(s: Pick<NetworkSelection, 'namespace' | 'name'>): string {
  return `${s.namespace}/${s.name}`;
}
