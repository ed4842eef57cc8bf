import type { PodEvent } from '@plexus/k8s';

/** The agent's write-behind socket, inside the cache root. */
export const WRITE_BEHIND_SOCKET = 'writebehind.sock';

/** One write handed to the agent: one JSON line per connection, answered by `{"ok":true}` once queued. */
export type WriteBehindRequest =
  | { op: 'patchPodAnnotations'; namespace: string; name: string; annotations: Record<string, string | null> }
  | { op: 'createPodEvent'; event: PodEvent }
  /** A CNI operation's outcome, for the agent's /metrics (not an API write). */
  | { op: 'report'; command: 'ADD' | 'DEL'; result: string; ms: number; cacheHits?: number; cacheMisses?: number };

/** parseWriteBehindRequest validates a request line (it comes from any local process that can open the socket). */
export function parseWriteBehindRequest(line: string): WriteBehindRequest {
  const r = JSON.parse(line) as Record<string, unknown>;
  const str = (v: unknown, f: string) => {
    if (typeof v !== 'string' || v === '' || v.length > 253) throw new Error(`invalid ${f}`);
    return v;
  };
  if (r['op'] === 'patchPodAnnotations') {
    const ann = r['annotations'];
    if (typeof ann !== 'object' || ann === null || Array.isArray(ann)) throw new Error('invalid annotations');
    for (const [k, v] of Object.entries(ann)) if (typeof k !== 'string' || (v !== null && typeof v !== 'string')) throw new Error('invalid annotations');
    return { op: 'patchPodAnnotations', namespace: str(r['namespace'], 'namespace'), name: str(r['name'], 'name'), annotations: ann as Record<string, string | null> };
  }
  if (r['op'] === 'createPodEvent') {
    const e = r['event'] as Record<string, unknown> | undefined;
    if (typeof e !== 'object' || e === null) throw new Error('invalid event');
    return { op: 'createPodEvent', event: e as unknown as PodEvent };
  }
  if (r['op'] === 'report') {
    const command = r['command'];
    const result = r['result'];
    const ms = r['ms'];
    if ((command !== 'ADD' && command !== 'DEL') || typeof result !== 'string' || !/^(ok|error-\d{1,3})$/.test(result) || typeof ms !== 'number' || !(ms >= 0)) {
      throw new Error('invalid report');
    }
    const count = (v: unknown, f: string) => {
      if (v === undefined) return 0;
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > 10_000) throw new Error(`invalid ${f}`);
      return v;
    };
    return { op: 'report', command, result, ms, cacheHits: count(r['cacheHits'], 'cacheHits'), cacheMisses: count(r['cacheMisses'], 'cacheMisses') };
  }
  throw new Error('invalid op');
}
