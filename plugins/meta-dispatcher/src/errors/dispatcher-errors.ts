import { CniCode, CniError, isCniError } from '@plexus/cni-spec';
import { isNotFound } from '@plexus/k8s';
import type { PodIdentity } from '@plexus/checkpoint';

/**
 * The meta-dispatcher's one table of plugin-specific error codes (the spec leaves 100 and up to plugins): 100–109
 * for naming, verification and checkpoints, 110–129 for what the network sources find.
 */
export const DispatcherCode = {
  /** A delegate did not honour what the pod asked for (`ips`, `mac`): the attachment was rolled back. */
  RequestNotHonoured: 100,
  /** An interface name is already taken in the pod, or twice in the plan. */
  InterfaceNameTaken: 101,
  /** A checkpoint exists but cannot be read: DEL/CHECK refuse to guess. */
  CheckpointUnreadable: 102,
  /** The host has too few NICs in its pool for a multi-NIC network. */
  NicPoolTooSmall: 103,
  /** A referenced network does not exist: NAD (HTTP 404), DANM network object, conf file, Dockin `type`. */
  NetworkNotFound: 110,
  /** The pod may not use the network: namespaceIsolation, or a ClusterNetwork's allowedTenants. */
  NetworkNotAllowed: 111,
  /** The Dockin backend refused the pod: a 4xx answer or `code != 0`. */
  BackendRefused: 112,
  /** The Dockin backend answered something unusable: not the documented shape, no or several masters. */
  BackendBadAnswer: 113,
  /** A DANM network has no free address left in its allocation pool. */
  PoolExhausted: 114,
  /** A static address requested from a DANM network is held by another interface. */
  AddressInUse: 115,
} as const;

/** Who and what an error is about; every dispatcher error names the pod (when known), the network and the field. */
export interface ErrorSubject {
  pod?: PodIdentity;
  /** The network as the user wrote or sees it: `ns/nad`, a conf name, `DanmNet ns/name`, a Dockin type. */
  network?: string;
}

/** describeSubject renders `pod "ns/name", network "x"` for error details. */
export function describeSubject(s: ErrorSubject): string {
  const parts: string[] = [];
  if (s.pod) parts.push(`pod "${s.pod.namespace}/${s.pod.name}"`);
  if (s.network !== undefined) parts.push(`network "${s.network}"`);
  return parts.join(', ');
}

/**
 * dispatcherError builds a CniError whose message names the pod, the network and the field:
 * `msg` = `invalid <field>` (or another short text), `details` = `pod "ns/name", network "x": <problem>`.
 */
export function dispatcherError(code: number, msg: string, s: ErrorSubject, problem: string): CniError {
  const who = describeSubject(s);
  return new CniError(code, msg, who ? `${who}: ${problem}` : problem);
}

/** invalidRequest is code 7 for a bad annotation, network definition or conf, naming the field in `msg`. */
export function invalidRequest(s: ErrorSubject, field: string, problem: string): CniError {
  return dispatcherError(CniCode.InvalidConfig, `invalid ${field}`, s, problem);
}

/** networkNotFound is code 110 naming the field that referenced the missing network. */
export function networkNotFound(s: ErrorSubject, field: string, problem: string): CniError {
  return dispatcherError(DispatcherCode.NetworkNotFound, `network not found (${field})`, s, problem);
}

/**
 * kubeReadError maps a failed API read of a network object: NotFound → 110 (the reference is wrong; retrying
 * will not help), a CniError (e.g. code 11 after the client's retries) keeps its code with the pod and network
 * added, anything else (403 from RBAC…) becomes 999 with its message.
 */
export function kubeReadError(e: unknown, s: ErrorSubject, field: string, what: string): CniError {
  if (isNotFound(e)) return networkNotFound(s, field, `${what} does not exist`);
  if (isCniError(e)) return dispatcherError(e.code, e.msg, s, e.details ?? e.msg);
  return dispatcherError(CniCode.Internal, `failed to read ${what}`, s, e instanceof Error ? e.message : String(e));
}
