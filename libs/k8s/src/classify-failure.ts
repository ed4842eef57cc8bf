/** What a failed attempt means for the retry loop. */
export interface Failure {
  kind: 'not-found' | 'already-exists' | 'conflict' | 'unauthorized' | 'transient' | 'rejected';
  status?: number;
  reason: string;
  detail: string;
}

// Connection-level errors worth another attempt (the API server restarting, a load balancer dropping us).
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

const STATUS_REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/**
 * classifyFailure reads a client-node ApiException (HTTP status + Status body) or a transport error. Returns
 * undefined for anything else (a bug, not an API outcome), which the caller rethrows unchanged.
 */
export function classifyFailure(e: unknown, timedOut: boolean, timeoutMs: number): Failure | undefined {
  if (timedOut) return { kind: 'transient', reason: 'Timeout', detail: `timed out after ${timeoutMs} ms` };
  const err = e as { code?: unknown; body?: unknown; name?: unknown; message?: unknown; errno?: unknown } | null;
  if (err && typeof err.code === 'number' && 'body' in err) return classifyStatus(err.code, err.body);
  const sysCode = (err as { code?: unknown } | null)?.code;
  if (err?.name === 'FetchError' || (typeof sysCode === 'string' && TRANSIENT_CODES.has(sysCode))) {
    return { kind: 'transient', reason: 'ConnectionError', detail: String(err?.message ?? e) };
  }
  return undefined;
}

function classifyStatus(status: number, body: unknown): Failure {
  const s = parseStatus(body);
  const reason = s.reason || STATUS_REASONS[status] || `HTTP${status}`;
  const detail = s.message;
  if (status === 404) return { kind: 'not-found', status, reason, detail };
  if (status === 409) return { kind: reason === 'AlreadyExists' ? 'already-exists' : 'conflict', status, reason, detail };
  if (status === 401) return { kind: 'unauthorized', status, reason, detail };
  if (status === 429 || status >= 500) return { kind: 'transient', status, reason, detail: `${status} ${reason}${detail ? `: ${detail}` : ''}` };
  return { kind: 'rejected', status, reason, detail };
}

/** parseStatus extracts reason/message from a metav1.Status body (client-node hands it over as text). */
function parseStatus(body: unknown): { reason: string; message: string } {
  let obj: unknown = body;
  if (typeof body === 'string') {
    try {
      obj = JSON.parse(body);
    } catch {
      return { reason: '', message: body.slice(0, 200) };
    }
  }
  const o = (obj ?? {}) as { reason?: unknown; message?: unknown };
  return { reason: typeof o.reason === 'string' ? o.reason : '', message: typeof o.message === 'string' ? o.message : '' };
}
