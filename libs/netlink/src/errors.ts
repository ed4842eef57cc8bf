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
export class LinkNotFoundError extends Error {
  override name = 'LinkNotFoundError';
  constructor(readonly link: string, readonly netns?: string) {
    super(`link "${link}" not found${netns ? ` in netns "${netns}"` : ''}`);
  }
}

/** RouteNotFoundError / RuleNotFoundError: deleting something already gone. */
export class RouteNotFoundError extends Error {
  override name = 'RouteNotFoundError';
}
export class RuleNotFoundError extends Error {
  override name = 'RuleNotFoundError';
}

/** NetlinkError: iproute2 refused an operation; carries its stderr and whether the object already existed. */
export class NetlinkError extends Error {
  override name = 'NetlinkError';
  constructor(
    message: string,
    readonly command: string,
    readonly stderr: string,
    readonly kind: 'exists' | 'not-supported' | 'invalid' | 'other' = 'other',
  ) {
    super(message);
  }
}
