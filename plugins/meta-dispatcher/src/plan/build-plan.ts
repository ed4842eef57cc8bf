import type { CniArgs } from '@plexus/cni-spec';
import { buildIpamStdin } from './multi-nic/ipam-stdin';
import type { AssignedName } from './naming/assign-if-names';
import type { NamedInterface } from './naming/check-names';
import { multiNicIfNames } from './naming/multi-nic-names';
import { attachmentCniArgs } from './attachment-cni-args';
import type { AttachmentPlan, PlannedAttachment, Reservation } from './attachment-plan';
import type { NetworkRequest, PodIdentity } from './network-request';

/** Inputs of buildPlan besides the requests. */
export interface PlanInput {
  requests: readonly NetworkRequest[];
  /** One name per request (assignIfNames). */
  names: readonly AssignedName[];
  /** Which request is the primary (primaryIndexOf). */
  primary: number;
  /** Multi-NIC requests: the chosen host NICs, by request index. */
  nics: ReadonlyMap<number, readonly string[]>;
  containerId: string;
  /** The runtime's CNI_ARGS. */
  runtimeCniArgs: CniArgs;
  /** The dispatcher's kubeconfig, handed to multi-NIC IPAM calls. */
  kubeconfig?: string;
  pod?: PodIdentity;
}

/** The plan and every interface name it creates (for the collision checks). */
export interface BuiltPlan {
  plan: AttachmentPlan;
  interfaces: NamedInterface[];
  /** The request each reservation renders its attachments' configs from (in memory only). */
  reservationRequests: Map<string, NetworkRequest>;
}

/**
 * buildPlan turns resolved requests into the pod's attachments and reservations (pure). An ordinary network is one
 * attachment whose config is final now. A DANM network's config is rendered after its addresses are reserved. A
 * multi-NIC network becomes one attachment per chosen NIC (`<name>-<i>`) plus one IPAM reservation for the group.
 */
export function buildPlan(input: PlanInput): BuiltPlan {
  const attachments: PlannedAttachment[] = [];
  const reservations: Reservation[] = [];
  const interfaces: NamedInterface[] = [];
  const reservationRequests = new Map<string, NetworkRequest>();
  input.requests.forEach((req, i) => {
    const { ifName, field } = input.names[i]!;
    const base = {
      network: req.statusName,
      source: req.source,
      isPrimary: i === input.primary,
      cniArgs: attachmentCniArgs(input.runtimeCniArgs, req.cniArgs),
      capabilityArgs: { ...req.capabilityArgs },
      requested: { ...req.requested },
    };
    if (req.multiNic) {
      const masters = input.nics.get(i) ?? [];
      const id = `r${reservations.length}`;
      const nicNames = multiNicIfNames(ifName, masters.length, req.statusName, input.pod);
      reservationRequests.set(id, req);
      const group: number[] = [];
      nicNames.forEach((nicName, k) => {
        group.push(attachments.length);
        attachments.push({ ...base, index: attachments.length, ifName: nicName, requested: {}, reservation: id, nic: { index: k, master: masters[k]! } });
        interfaces.push({ ifName: nicName, network: req.statusName, field });
      });
      const upperType = typeof req.confList.plugins[0]?.type === 'string' ? (req.confList.plugins[0].type as string) : 'multi-nic';
      reservations.push({
        id,
        kind: 'multi-nic-ipam',
        network: req.statusName,
        type: String(req.multiNic.ipam.type),
        ifName,
        config: buildIpamStdin(req.confList, upperType, req.multiNic.ipam, masters, input.kubeconfig),
        cniArgs: base.cniArgs,
        masters: [...masters],
        attachments: group,
        state: 'planned',
      });
      return;
    }
    const att: PlannedAttachment = { ...base, index: attachments.length, ifName };
    if (req.fixedAddresses?.length) att.fixedAddresses = req.fixedAddresses.map((a) => ({ ...a }));
    if (req.danm) {
      const id = `r${reservations.length}`;
      att.reservation = id;
      reservationRequests.set(id, req);
      reservations.push({
        id,
        kind: 'danm',
        attachment: att.index,
        network: { ...req.danm.network },
        owner: { containerId: input.containerId, ifName },
        ip: req.danm.ip,
        ip6: req.danm.ip6,
        state: 'planned',
      });
    } else {
      att.config = JSON.stringify(req.confList);
    }
    attachments.push(att);
    interfaces.push({ ifName, network: req.statusName, field });
  });
  return { plan: { attachments, reservations }, interfaces, reservationRequests };
}
