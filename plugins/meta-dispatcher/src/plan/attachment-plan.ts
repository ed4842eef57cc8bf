import type { DanmIpRequest, DanmNetworkRef, FixedAddress, NetworkRequest, NetworkSource } from './network-request';

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
  requested: NetworkRequest['requested'];
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
