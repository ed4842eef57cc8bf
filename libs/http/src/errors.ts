/** What went wrong with an HTTP exchange. */
export type HttpErrorKind = 'timeout' | 'connection' | 'status' | 'body';

/** HttpError is the base of the typed HTTP failures; `url` is the address that was asked for. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly kind: HttpErrorKind,
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

/** HttpTimeoutError: no complete answer within the time bound. */
export class HttpTimeoutError extends HttpError {
  override name = 'HttpTimeoutError';
  constructor(
    url: string,
    readonly timeoutMs: number,
  ) {
    super('timeout', url, `GET ${url}: no answer within ${timeoutMs} ms`);
  }
}

/** HttpConnectionError: the server could not be reached (refused, reset, DNS, TLS…). */
export class HttpConnectionError extends HttpError {
  override name = 'HttpConnectionError';
  constructor(
    url: string,
    readonly reason: string,
  ) {
    super('connection', url, `GET ${url}: ${reason}`);
  }
}

/** HttpStatusError: the server answered with a non-2xx status; `bodySnippet` is the start of its body. */
export class HttpStatusError extends HttpError {
  override name = 'HttpStatusError';
  constructor(
    url: string,
    readonly status: number,
    readonly bodySnippet: string,
  ) {
    super('status', url, `GET ${url}: HTTP ${status}${bodySnippet ? `: ${bodySnippet}` : ''}`);
  }
}

/** HttpBodyError: a 2xx answer whose body is not JSON (or too large). */
export class HttpBodyError extends HttpError {
  override name = 'HttpBodyError';
  constructor(
    url: string,
    readonly problem: string,
  ) {
    super('body', url, `GET ${url}: ${problem}`);
  }
}

/** isHttpError narrows an unknown throw to an HttpError (also across bundles, by its `kind`). */
export function isHttpError(e: unknown): e is HttpError {
  if (e instanceof HttpError) return true;
  const kind = (e as { kind?: unknown } | null)?.kind;
  return e instanceof Error && typeof kind === 'string' && ['timeout', 'connection', 'status', 'body'].includes(kind);
}

/**
 * isTransientHttpError tells whether trying again later may succeed: timeouts, unreachable servers, 5xx and 429
 * (the server is overloaded or restarting). Other 4xx and bad bodies will fail the same way again.
 */
export function isTransientHttpError(e: unknown): boolean {
  if (!isHttpError(e)) return false;
  if (e.kind === 'timeout' || e.kind === 'connection') return true;
  if (e.kind === 'status') {
    const status = (e as HttpStatusError).status;
    return status >= 500 || status === 429;
  }
  return false;
}
