/** Options of one GET. */
export interface GetJsonOptions {
  /** Bound on the whole exchange (connect, headers and body); the client's default when omitted. */
  timeoutMs?: number;
  /** Extra request headers (`accept: application/json` is always sent). */
  headers?: Record<string, string>;
}

/** A successful (2xx) response whose body was valid JSON. */
export interface HttpJsonResponse {
  status: number;
  /** The decoded body; checking its shape is the caller's job (parsing stays pure). */
  body: unknown;
}

/**
 * HttpClient is the HTTP side effect of Plexus: one GET of a JSON document, bounded in time. Every failure is a
 * typed HttpError (timeout, connection, non-2xx status, body that is not JSON) so callers can map it to the right
 * CNI code without looking at messages.
 */
export interface HttpClient {
  /** getJson fetches `url` and decodes the body; throws an HttpError subclass on any failure. */
  getJson(url: string, opts?: GetJsonOptions): Promise<HttpJsonResponse>;
}
