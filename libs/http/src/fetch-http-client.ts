import type { GetJsonOptions, HttpClient, HttpJsonResponse } from './http-client';
import { HttpBodyError, HttpConnectionError, HttpStatusError, HttpTimeoutError } from './errors';

/** Options of createFetchHttpClient. */
export interface FetchHttpClientOptions {
  /** Timeout when a call gives none; default 5000 ms (Dockin's client used 5 s). */
  defaultTimeoutMs?: number;
  /** Largest body accepted, default 1 MiB: a misbehaving server must not make a CNI plugin buffer gigabytes. */
  maxBodyBytes?: number;
  /** The fetch to use; Node's global by default (a seam for tests of this file only). */
  fetch?: typeof fetch;
}

/** Defaults of FetchHttpClientOptions. */
export const FETCH_HTTP_DEFAULTS = { defaultTimeoutMs: 5000, maxBodyBytes: 1 << 20 } as const;

const SNIPPET = 200;

/**
 * createFetchHttpClient returns the real HttpClient over Node 20's global fetch (undici). The timeout covers the
 * body too (one AbortSignal for the whole exchange), so a server that sends headers and then stalls still fails
 * in time.
 */
export function createFetchHttpClient(opts: FetchHttpClientOptions = {}): HttpClient {
  const doFetch = opts.fetch ?? fetch;
  const maxBody = opts.maxBodyBytes ?? FETCH_HTTP_DEFAULTS.maxBodyBytes;
  return {
    async getJson(url: string, call: GetJsonOptions = {}): Promise<HttpJsonResponse> {
      const timeoutMs = call.timeoutMs ?? opts.defaultTimeoutMs ?? FETCH_HTTP_DEFAULTS.defaultTimeoutMs;
      const signal = AbortSignal.timeout(timeoutMs);
      let text: string;
      let status: number;
      try {
        const res = await doFetch(url, { method: 'GET', headers: { accept: 'application/json', ...call.headers }, signal, redirect: 'follow' });
        status = res.status;
        text = await readBody(res, url, maxBody);
      } catch (e) {
        throw mapFetchError(e, url, timeoutMs, signal);
      }
      if (status < 200 || status > 299) throw new HttpStatusError(url, status, snippet(text));
      return { status, body: decodeJson(text, url) };
    },
  };
}

async function readBody(res: Response, url: string, maxBody: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBody) {
    await res.body?.cancel();
    throw new HttpBodyError(url, `body of ${declared} bytes exceeds the ${maxBody}-byte limit`);
  }
  const text = await res.text();
  if (Buffer.byteLength(text) > maxBody) throw new HttpBodyError(url, `body exceeds the ${maxBody}-byte limit`);
  return text;
}

function decodeJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpBodyError(url, `body is not JSON (${(e as Error).message}): ${snippet(text)}`);
  }
}

function mapFetchError(e: unknown, url: string, timeoutMs: number, signal: AbortSignal): Error {
  if (e instanceof HttpBodyError) return e;
  // undici rejects with the signal's reason (a DOMException named TimeoutError) when the timeout fires.
  if (signal.aborted || (e as { name?: string } | null)?.name === 'TimeoutError') return new HttpTimeoutError(url, timeoutMs);
  return new HttpConnectionError(url, describeCause(e));
}

/** describeCause digs the errno code out of undici's "fetch failed" TypeError (it hides it in `cause`). */
function describeCause(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } } | null)?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  if (cause?.message) return cause.message;
  return e instanceof Error ? e.message : String(e);
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET ? `${flat.slice(0, SNIPPET)}…` : flat;
}
