import type { FaultInjector, FaultRule } from './faults';
import type { RequestLog } from './request-log';
import { badRequest } from './status';
import type { EmulatedObject } from './types';

/** The emulator state the admin endpoints reach. */
export interface AdminTargets {
  faults: FaultInjector;
  requests: RequestLog;
  setTokens(tokens: string[]): void;
  seed(obj: EmulatedObject, plural?: string): EmulatedObject;
}

/** Body of `POST /_emulator/faults`: any combination, applied in this order. */
export interface FaultsRequest {
  reset?: boolean;
  latencyMs?: number;
  latencyMethod?: string;
  latencyPath?: string;
  rules?: FaultRule[];
}

/**
 * handleAdmin serves `/_emulator/*` (unauthenticated, never logged, never faulted), for demos and e2e scripts:
 * `GET|DELETE /_emulator/requests`, `GET|POST /_emulator/faults`, `POST /_emulator/tokens` {tokens},
 * `POST /_emulator/seed` {objects}. Returns undefined for an unknown admin path.
 */
export function handleAdmin(method: string, pathname: string, body: unknown, t: AdminTargets): { status: number; body: unknown } | undefined {
  const route = `${method} ${pathname.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /_emulator/requests':
      return { status: 200, body: { total: t.requests.count(), byMethod: t.requests.countsByMethod(), requests: t.requests.list() } };
    case 'DELETE /_emulator/requests':
      t.requests.clear();
      return { status: 200, body: { total: 0 } };
    case 'GET /_emulator/faults':
      return { status: 200, body: t.faults.snapshot() };
    case 'POST /_emulator/faults': {
      const req = (body ?? {}) as FaultsRequest;
      if (req.reset) t.faults.reset();
      if (req.latencyMs !== undefined) t.faults.setLatency(Number(req.latencyMs), { method: req.latencyMethod, path: req.latencyPath });
      for (const rule of req.rules ?? []) {
        if (rule.action !== 'error' && rule.action !== 'drop') throw badRequest(`fault action must be "error" or "drop", not "${rule.action}"`);
        t.faults.add(rule);
      }
      return { status: 200, body: t.faults.snapshot() };
    }
    case 'POST /_emulator/tokens': {
      const tokens = (body as { tokens?: unknown } | undefined)?.tokens;
      if (!Array.isArray(tokens) || !tokens.every((x) => typeof x === 'string')) throw badRequest('body must be {"tokens": ["…"]}');
      t.setTokens(tokens);
      return { status: 200, body: { tokens: tokens.length } };
    }
    case 'POST /_emulator/seed': {
      const objects = (body as { objects?: unknown } | undefined)?.objects;
      if (!Array.isArray(objects)) throw badRequest('body must be {"objects": [ … ]}');
      return { status: 200, body: { objects: objects.map((o) => t.seed(o as EmulatedObject)) } };
    }
    default:
      return undefined;
  }
}
