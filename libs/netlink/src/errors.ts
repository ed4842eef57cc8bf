/**
 * Errors from a `batch` carry `batchIndex`: the 0-based index of the failing command in the list given to batch
 * (commands before it were applied, commands after it were not). Direct calls leave it undefined.
 */
export interface BatchPosition {
  batchIndex?: number;
}

/** NetnsNotFoundError: the netns path does not exist (DEL treats this as success). */
export class NetnsNotFoundError extends Error {
  override name = 'NetnsNotFoundError';
  constructor(readonly path: string) {
    super(`netns "${path}" does not exist`);
  }
}

/** NotANetnsError: the path exists but is not a network namespace. */
export class NotANetnsError extends Error {
  override name = 'NotANetnsError';
  constructor(readonly path: string) {
    super(`"${path}" is not a network namespace`);
  }
}

/** LinkNotFoundError: no link of that name in that netns. */
export class LinkNotFoundError extends Error implements BatchPosition {
  override name = 'LinkNotFoundError';
  batchIndex?: number;
  constructor(readonly link: string, readonly netns?: string) {
    super(`link "${link}" not found${netns ? ` in netns "${netns}"` : ''}`);
  }
}

/** RouteNotFoundError / RuleNotFoundError: deleting something already gone. */
export class RouteNotFoundError extends Error implements BatchPosition {
  override name = 'RouteNotFoundError';
  batchIndex?: number;
}
export class RuleNotFoundError extends Error implements BatchPosition {
  override name = 'RuleNotFoundError';
  batchIndex?: number;
}

/**
 * Why iproute2 refused: `exists` (EEXIST, address already assigned), `not-supported` (EOPNOTSUPP, unknown link
 * type: e.g. no ipvlan module), `invalid` (EINVAL, bad gateway, syntax), `not-found` (an address or sysctl that is
 * not there; links, routes and rules have their own error classes), `other`.
 */
export type NetlinkErrorKind = 'exists' | 'not-supported' | 'invalid' | 'not-found' | 'other';

/** NetlinkError: iproute2 refused an operation; carries its stderr and whether the object already existed. */
export class NetlinkError extends Error implements BatchPosition {
  override name = 'NetlinkError';
  batchIndex?: number;
  constructor(
    message: string,
    readonly command: string,
    readonly stderr: string,
    readonly kind: NetlinkErrorKind = 'other',
  ) {
    super(message);
  }
}

/** batchIndexOf returns the failing command's index when `e` came out of a batch. */
export function batchIndexOf(e: unknown): number | undefined {
  const i = (e as BatchPosition | undefined)?.batchIndex;
  return typeof i === 'number' ? i : undefined;
}

/** isNotFound tells whether an error only says "already gone" (what DEL and undo steps tolerate). */
export function isNotFound(e: unknown): boolean {
  return (
    e instanceof NetnsNotFoundError ||
    e instanceof LinkNotFoundError ||
    e instanceof RouteNotFoundError ||
    e instanceof RuleNotFoundError ||
    (e instanceof NetlinkError && e.kind === 'not-found')
  );
}

/**
 * isNetnsError tells whether an error says the netns itself is unusable (missing, or not a netns): code 4 in
 * ADD/CHECK (netnsCniError), "nothing left to delete" in DEL.
 */
export function isNetnsError(e: unknown): e is NetnsNotFoundError | NotANetnsError {
  return e instanceof NetnsNotFoundError || e instanceof NotANetnsError;
}
