/** A metav1.Status body, the shape every API error has. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
}

/** An error response the handlers throw and the server renders as a Status. */
export class StatusError extends Error {
  constructor(readonly body: StatusBody) {
    super(body.message);
  }
}

/** failure builds a Failure Status. */
export function failure(code: number, reason: string, message: string, details?: StatusBody['details']): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

/** The resource as the API server names it in messages: `pods`, `network-attachment-definitions.k8s.cni.cncf.io`. */
export function qualifiedResource(group: string, plural: string): string {
  return group ? `${plural}.${group}` : plural;
}

/** notFound is the 404 for a named object. */
export function notFound(group: string, plural: string, name: string): StatusError {
  return failure(404, 'NotFound', `${qualifiedResource(group, plural)} "${name}" not found`, { name, group, kind: plural });
}

/** alreadyExists is the 409 for a create whose name is taken. */
export function alreadyExists(group: string, plural: string, name: string): StatusError {
  return failure(409, 'AlreadyExists', `${qualifiedResource(group, plural)} "${name}" already exists`, { name, group, kind: plural });
}

/** conflict is the 409 for a write based on a stale resourceVersion or a failed precondition. */
export function conflict(group: string, plural: string, name: string, why: string): StatusError {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(group, plural)} "${name}": ${why}`, { name, group, kind: plural });
}

/** badRequest is a 400. */
export function badRequest(message: string): StatusError {
  return failure(400, 'BadRequest', message);
}

/** invalid is a 422 for an object the server refuses. */
export function invalid(group: string, plural: string, name: string, message: string): StatusError {
  return failure(422, 'Invalid', `${qualifiedResource(group, plural)} "${name}" is invalid: ${message}`, { name, group, kind: plural });
}
