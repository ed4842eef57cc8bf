import type { KubeObject, ResourceType } from '@plexus/kube-model';
import type { FileStore } from '@plexus/store';
import { AGENT_STATE_FILE, objectPath, resourceKey, type AgentState } from './cache-layout';

/** The answer of a cache lookup: the object, "not in the API" (synced and absent), or "ask the API". */
export type CacheLookup<T> = { kind: 'hit'; object: T } | { kind: 'absent' } | { kind: 'unavailable'; why: string };

/** How old the agent's heartbeat may be before the cache is not trusted (an agent that died stops watching). */
export const DEFAULT_MAX_STALENESS_MS = 15_000;

/**
 * NodeCacheReader is the plugin's side. It trusts the cache only while the agent's heartbeat is fresh and the
 * resource is synced; then a file is the object and a missing file means the informer has not seen it — which the
 * caller still confirms with the API (an object created a moment ago may not have arrived yet), so the cache can
 * only save reads, never invent a 404. A deleted object's file is removed by the watch's DELETED event.
 */
export class NodeCacheReader {
  private state?: Promise<AgentState | undefined>;

  constructor(
    private readonly files: Pick<FileStore, 'read'>,
    readonly root: string,
    private readonly now: () => number = Date.now,
    private readonly maxStalenessMs = DEFAULT_MAX_STALENESS_MS,
  ) {}

  async get<T extends KubeObject>(type: Pick<ResourceType, 'group' | 'plural'>, namespace: string | undefined, name: string): Promise<CacheLookup<T>> {
    const state = await this.agentState();
    if (!state) return { kind: 'unavailable', why: 'no agent state' };
    const age = this.now() - Date.parse(state.heartbeatAt);
    if (!(age <= this.maxStalenessMs)) return { kind: 'unavailable', why: `agent heartbeat ${Math.round(age / 1000)} s old` };
    if (state.synced[resourceKey(type)] === undefined) return { kind: 'unavailable', why: `${resourceKey(type)} not synced` };
    const path = objectPath(this.root, type, namespace, name);
    if (!path) return { kind: 'unavailable', why: 'name not cacheable' };
    const text = await this.files.read(path);
    if (text === undefined) return { kind: 'absent' };
    try {
      return { kind: 'hit', object: JSON.parse(text) as T };
    } catch {
      return { kind: 'unavailable', why: `unreadable ${path}` };
    }
  }

  /** agentState is read once per invocation (one plugin run = one consistent view). */
  private agentState(): Promise<AgentState | undefined> {
    this.state ??= this.files.read(`${this.root}/${AGENT_STATE_FILE}`).then(
      (t) => {
        if (t === undefined) return undefined;
        try {
          const s = JSON.parse(t) as AgentState;
          return typeof s.heartbeatAt === 'string' && typeof s.synced === 'object' && s.synced !== null ? s : undefined;
        } catch {
          return undefined;
        }
      },
      () => undefined,
    );
    return this.state;
  }
}
