/**
 * The meta-dispatcher's checkpoint format: everything a pod's DEL needs, as JSON, so it can be replayed with
 * nothing else available (no API, no NADs, no backend). One home for the dispatcher (which writes and replays it)
 * and cnictl (which lists, shows and purges it).
 */

/** The `kind` of a checkpoint file; anything else in the cache dir is not ours. */
export const CHECKPOINT_KIND = 'plexus.meta-dispatcher/checkpoint';
/** The format version; a reader refuses versions it does not know rather than guess. */
export const CHECKPOINT_VERSION = 1;

/** Where an attachment came from. */
export type NetworkSource = 'cluster-network' | 'default-network' | 'multus' | 'danm' | 'dockin' | 'static' | 'multi-nic';

/** A pod as the dispatcher knows it (from CNI_ARGS K8S_POD_* and, when needed, the API). */
export interface PodIdentity {
  namespace: string;
  name: string;
  uid?: string;
  infraContainerId?: string;
}

/** A fixed address handed to a delegate through fakeipam (Dockin entries, Multus `ips` on generated confs). */
export interface FixedAddress {
  /** CIDR. */
  address: string;
  gateway?: string;
}

/** DANM-style IP request for one family: "dynamic" (from the pool), "none", or a literal address. */
export type DanmIpRequest = 'dynamic' | 'none' | string;

/** A reference to a DANM-style network object in Kubernetes. */
export interface DanmNetworkRef {
  kind: 'DanmNet' | 'TenantNetwork' | 'ClusterNetwork';
  namespace?: string;
  name: string;
}

/** What the pod asked for (`ips`, `mac`, `default-route`); verified against the delegate's result after ADD. */
export interface RequestedByPod {
  ips?: string[];
  mac?: string;
  defaultRoute?: string[];
}

/**
 * One delegate run of a pod: a conflist run as one attachment on one interface. Everything here is JSON and goes
 * into the checkpoint, so DEL can replay the attachment byte for byte with nothing else available.
 */
export interface PlannedAttachment {
  /** Position in plan order (ADD walks it forward, DEL backward). */
  index: number;
  /** The network as network-status names it (`ns/nad`, a conf name…). */
  network: string;
  source: NetworkSource;
  isPrimary: boolean;
  /** CNI_IFNAME of this delegate. */
  ifName: string;
  /**
   * The exact conflist bytes the delegate runs with. Absent until rendered: DANM and multi-NIC attachments get
   * theirs once their addresses are reserved (an attachment without config never ran, so DEL skips it).
   */
  config?: string;
  /** CNI_ARGS of this delegate: the runtime's, then the network's own pairs. */
  cniArgs: Array<[string, string]>;
  /** Capability args offered to the chain (runtimeConfig injection). */
  capabilityArgs: Record<string, unknown>;
  /** What the pod asked for, verified against the delegate's result. */
  requested: RequestedByPod;
  /** Dockin-style fixed addresses (also verified). */
  fixedAddresses?: FixedAddress[];
  /** The reservation this attachment's config is rendered from. */
  reservation?: string;
  /** Multi-NIC: this attachment's NIC (index into the group's masters list, which is also the IPAM `interface`). */
  nic?: { index: number; master: string };
  /**
   * Set when an ADD rolled back before reaching this attachment and kept the checkpoint (its rollback did not
   * finish): the delegate never ran, so the runtime's DEL has nothing to undo here (and must not fail on it).
   */
  notRun?: true;
  /** The final ADD result in the conflist's version, recorded when the pod's ADD completed. */
  result?: Record<string, unknown>;
}

/** A DANM address reservation: released by owner on DEL, so it is safe to replay whether or not it happened. */
export interface DanmReservation {
  id: string;
  kind: 'danm';
  /** The attachment whose config is rendered from it. */
  attachment: number;
  network: DanmNetworkRef;
  owner: { containerId: string; ifName: string };
  ip: DanmIpRequest;
  ip6: DanmIpRequest;
  state: 'planned' | 'reserved';
  /** What was reserved (CIDRs), once reserved. */
  addresses?: string[];
}

/**
 * A multi-NIC group's address reservation: one delegated IPAM ADD for every NIC of the group, undone by a
 * delegated IPAM DEL with the very same config, CNI_IFNAME and CNI_ARGS.
 */
export interface MultiNicReservation {
  id: string;
  kind: 'multi-nic-ipam';
  network: string;
  /** The IPAM plugin type (e.g. multi-nic-ipam). */
  type: string;
  /** CNI_IFNAME of the IPAM call: the group's base name (NICs are `<base>-<i>`). */
  ifName: string;
  /** The exact IPAM stdin: `{cniVersion, name, ipam, masters}`. */
  config: string;
  cniArgs: Array<[string, string]>;
  /** The chosen host NICs, in IPAM `interface` index order. */
  masters: string[];
  /** The group's attachments, in NIC order. */
  attachments: number[];
  state: 'planned' | 'reserved';
  /** The IPAM result (current schema), once reserved. */
  result?: Record<string, unknown>;
}

/** Anything reserved on behalf of the pod before its delegates run. */
export type Reservation = DanmReservation | MultiNicReservation;

/** The whole pod: attachments in order and the reservations they depend on. */
export interface AttachmentPlan {
  attachments: PlannedAttachment[];
  reservations: Reservation[];
}

/**
 * A pod's checkpoint: the whole plan, written before the first reservation or delegate and updated as reservations,
 * renders and the ADD complete. DEL, CHECK and GC work from it alone (never recomputed from the API: what the
 * pod got is what is undone, even if a NAD changed since).
 */
export interface Checkpoint extends AttachmentPlan {
  kind: typeof CHECKPOINT_KIND;
  version: typeof CHECKPOINT_VERSION;
  containerId: string;
  netns: string;
  /** CNI_IFNAME of the ADD (the primary interface). */
  ifName: string;
  /** The dispatcher config's cniVersion. */
  cniVersion: string;
  pod?: PodIdentity;
  /** `planned`: ADD in progress (or killed); `added`: ADD completed and every attachment has its result. */
  phase: 'planned' | 'added';
}

/** describeDanmRef renders a reference for messages: `DanmNet ns/name`, `ClusterNetwork name`. */
export function describeDanmRef(ref: DanmNetworkRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
