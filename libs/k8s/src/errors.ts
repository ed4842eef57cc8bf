/**
 * The typed outcomes a caller is expected to branch on. They are not CniErrors on purpose: "not found" during DEL is
 * success, "already exists" means another node won a claim; the caller decides what they mean for the plugin.
 * `ambiguous` is true when an earlier attempt of the same call failed in a way that may have reached the server
 * (timeout, dropped connection, 5xx): a create that "already exists" may then be our own write.
 */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(
    /** What was looked for, e.g. `pod "default/web-0"`. */
    readonly object: string,
    readonly ambiguous = false,
  ) {
    super(`${object} not found`);
  }
}

/** AlreadyExistsError: a create lost to an existing object of that name. */
export class AlreadyExistsError extends Error {
  override name = 'AlreadyExistsError';
  constructor(
    readonly object: string,
    readonly ambiguous = false,
  ) {
    super(`${object} already exists`);
  }
}

/** ConflictError: the object changed since the resourceVersion (or uid) the write was based on. */
export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(
    readonly object: string,
    readonly detail: string,
    readonly ambiguous = false,
  ) {
    super(`${object} was modified concurrently: ${detail}`);
  }
}

/**
 * KubeApiError: the API server refused the request for a reason retrying will not fix (400, 403, 422…). The skel
 * reports it as an internal error with this message.
 */
export class KubeApiError extends Error {
  override name = 'KubeApiError';
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly reason: string,
    readonly detail: string,
  ) {
    super(`failed to ${operation}: ${status} ${reason}${detail ? `: ${detail}` : ''}`);
  }
}

/** isNotFound narrows an unknown throw to NotFoundError (also across bundles, by name). */
export function isNotFound(e: unknown): e is NotFoundError {
  return e instanceof NotFoundError || (e as { name?: unknown } | null)?.name === 'NotFoundError';
}

/** isAlreadyExists narrows an unknown throw to AlreadyExistsError. */
export function isAlreadyExists(e: unknown): e is AlreadyExistsError {
  return e instanceof AlreadyExistsError || (e as { name?: unknown } | null)?.name === 'AlreadyExistsError';
}

/** isConflict narrows an unknown throw to ConflictError. */
export function isConflict(e: unknown): e is ConflictError {
  return e instanceof ConflictError || (e as { name?: unknown } | null)?.name === 'ConflictError';
}
