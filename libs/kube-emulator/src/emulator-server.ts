import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { handleAdmin } from './admin-api';
import { discoveryDocument } from './discovery';
import type { FaultInjector } from './faults';
import { ResourceApi } from './resource-api';
import { parseResourcePath } from './resource-path';
import type { ResourceRegistry } from './resource-registry';
import type { RequestLog } from './request-log';
import { badRequest, failure, StatusError } from './status';
import type { ObjectStore } from './object-store';
import type { EmulatedObject } from './types';
import { WatchRequest, streamWatch } from './watch-stream';

const REASONS: Record<number, string> = { 429: 'TooManyRequests', 500: 'InternalError', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'Timeout' };

/** Everything the HTTP front needs. */
export interface EmulatorParts {
  store: ObjectStore;
  registry: ResourceRegistry;
  faults: FaultInjector;
  requests: RequestLog;
  /** Accepted bearer tokens; read per request so rotation takes effect at once. */
  tokens: () => ReadonlySet<string>;
  setTokens(tokens: string[]): void;
  seed(obj: EmulatedObject, plural?: string): EmulatedObject;
  tls?: { cert: string; key: string };
}

/**
 * createEmulatorServer builds the HTTP(S) server: admin routes, then (for API paths) latency and fault injection,
 * the bearer-token check, discovery, and the resource verbs. Every API request is logged with its outcome.
 */
export function createEmulatorServer(parts: EmulatorParts): { server: Server; cancelPending(): void } {
  const api = new ResourceApi(parts.store, parts.registry);
  const pending = new Set<NodeJS.Timeout>();
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    readBody(req)
      .then((raw) => serve(req, res, raw))
      .catch((e) => sendJson(res, 500, failure(500, 'InternalError', String(e)).body));
  };
  const serve = async (req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    const contentType = String(req.headers['content-type'] ?? '');
    if (url.pathname.startsWith('/_emulator/')) {
      try {
        const out = handleAdmin(method, url.pathname, raw ? JSON.parse(raw) : undefined, parts);
        sendJson(res, out?.status ?? 404, out?.body ?? failure(404, 'NotFound', `no admin route ${method} ${url.pathname}`).body);
      } catch (e) {
        const body = e instanceof StatusError ? e.body : badRequest(String(e)).body;
        sendJson(res, body.code, body);
      }
      return;
    }
    const record = { time: new Date().toISOString(), method, path: url.pathname, query: url.search.slice(1), contentType: contentType || undefined };
    const decision = parts.faults.decide(method, url.pathname);
    if (decision.latencyMs > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          pending.delete(t);
          resolve();
        }, decision.latencyMs);
        pending.add(t);
      });
    }
    if (decision.action?.kind === 'drop') {
      parts.requests.add({ ...record, status: 0, fault: 'drop' });
      req.socket.destroy();
      return;
    }
    if (decision.action?.kind === 'error') {
      const status = decision.action.status;
      parts.requests.add({ ...record, status, fault: 'error' });
      sendJson(res, status, failure(status, REASONS[status] ?? 'InternalError', `injected fault: ${status} for ${method} ${url.pathname}`).body);
      return;
    }
    const { status, body } = answer(method, url, raw, contentType, req.headers.authorization);
    parts.requests.add({ ...record, status });
    if (body instanceof WatchRequest) {
      streamWatch(parts.store, body, req, res);
      return;
    }
    if (status === 200 && typeof body === 'string') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
      return;
    }
    sendJson(res, status, body);
  };
  const answer = (method: string, url: URL, raw: string, contentType: string, auth: string | undefined): { status: number; body: unknown } => {
    try {
      if (/^\/(healthz|readyz|livez)$/.test(url.pathname)) return { status: 200, body: 'ok' };
      const token = auth?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
      if (!token || !parts.tokens().has(token)) throw failure(401, 'Unauthorized', 'Unauthorized');
      const doc = method === 'GET' ? discoveryDocument(url.pathname, parts.registry) : undefined;
      if (doc !== undefined) return { status: 200, body: doc };
      const path = parseResourcePath(url.pathname);
      if (!path) throw failure(404, 'NotFound', 'the server could not find the requested resource');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        throw badRequest('the request body is not valid JSON');
      }
      return api.handle({ method, path, query: url.searchParams, body, contentType });
    } catch (e) {
      if (e instanceof StatusError) return { status: e.body.code, body: e.body };
      throw e;
    }
  };
  const server = parts.tls ? createHttpsServer({ cert: parts.tls.cert, key: parts.tls.key }, handler) : createHttpServer(handler);
  return {
    server,
    cancelPending: () => {
      for (const t of pending) clearTimeout(t);
      pending.clear();
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
