/** What a host records per master of the pool, so other hosts can route to its block (L3 mode). */
export interface HostInterfaceRecord {
  /** Position of the master in the pool (the interface index of multi-nic-cni's CIDR entries). */
  interfaceIndex: number;
  /** This host's NIC for that position, when it has one. */
  master?: string;
  /** This host's address on that NIC: the next hop other hosts use towards `podCIDR`. */
  hostIP?: string;
  /** This host's block for that position. */
  podCIDR: string;
}

/** One host's claim on a host index of a network. */
export interface HostClaim {
  network: string;
  hostIndex: number;
  nodeName: string;
  interfaces: HostInterfaceRecord[];
  /** Opaque version for compare-and-swap (the object's resourceVersion); absent on a claim not stored yet. */
  version?: string;
}

/** IndexTakenError: another claim already holds the index (a lost create race). */
export class IndexTakenError extends Error {
  override name = 'IndexTakenError';
  constructor(
    readonly network: string,
    readonly hostIndex: number,
  ) {
    super(`host index ${hostIndex} of network "${network}" is already claimed`);
  }
}

/** ClaimConflictError: the claim changed (or vanished) since it was read; read again and retry. */
export class ClaimConflictError extends Error {
  override name = 'ClaimConflictError';
}

/**
 * HostIndexStore is the cluster-wide record of host indexes: the only state shared between hosts. `create` must be
 * atomic (exactly one of several racing creators of an index wins), `update`/`remove` compare-and-swap on `version`.
 */
export interface HostIndexStore {
  /** list returns every claim of a network (any order). */
  list(network: string): Promise<HostClaim[]>;
  /** create stores a new claim; throws IndexTakenError when the index is held. */
  create(claim: HostClaim): Promise<HostClaim>;
  /** update rewrites a claim read earlier; throws ClaimConflictError when it changed meanwhile. */
  update(claim: HostClaim): Promise<HostClaim>;
  /** remove deletes a claim read earlier; gone already is fine; changed meanwhile throws ClaimConflictError. */
  remove(claim: HostClaim): Promise<void>;
  /** listNodeNames lists the cluster's Nodes: a claim of a node not listed is stale. */
  listNodeNames(): Promise<string[]>;
}
