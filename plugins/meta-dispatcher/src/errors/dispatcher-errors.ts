import { CniCode, CniError, isCniError } from '@plexus/cni-spec';
import { isNotFound } from '@plexus/k8s';
import type { PodIdentity } from '../plan/network-request';

/**
 * The meta-dispatcher's network-source error codes (the spec leaves 100 and up to plugins). 110–129 belong to the
 * sources (this file); the core keeps its own codes outside that range.
 */
export const SourceCode = {
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

/** Who and what an error is about; every source error names the pod (when known), the network and the field. */
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

/** sourceError builds a CniError whose details start with the pod and network. */
export function sourceError(code: number, msg: string, s: ErrorSubject, problem: string): CniError {
  const who = describeSubject(s);
  return new CniError(code, msg, who ? `${who}: ${problem}` : problem);
}

/** invalidRequest is code 7 for a bad annotation, network definition or conf, naming the field in `msg`. */
export function invalidRequest(s: ErrorSubject, field: string, problem: string): CniError {
  return sourceError(CniCode.InvalidConfig, `invalid ${field}`, s, problem);
}

/** networkNotFound is code 110 naming the field that referenced the missing network. */
export function networkNotFound(s: ErrorSubject, field: string, problem: string): CniError {
  return sourceError(SourceCode.NetworkNotFound, `network not found (${field})`, s, problem);
}

/**
 * kubeReadError maps a failed API read of a network object: NotFound → 110 (the reference is wrong; retrying
 * will not help), a CniError (e.g. code 11 after the client's retries) keeps its code with the pod and network
 * added, anything else (403 from RBAC…) becomes 999 with its message.
 */
export function kubeReadError(e: unknown, s: ErrorSubject, field: string, what: string): CniError {
  if (isNotFound(e)) return networkNotFound(s, field, `${what} does not exist`);
  if (isCniError(e)) return sourceError(e.code, e.msg, s, e.details ?? e.msg);
  return sourceError(CniCode.Internal, `failed to read ${what}`, s, e instanceof Error ? e.message : String(e));
}
