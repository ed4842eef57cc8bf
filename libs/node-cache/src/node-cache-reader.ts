import type { KubeObject, ResourceType } from '@plexus/kube-model';
import type { FileStore } from '@plexus/store';
import { AGENT_STATE_FILE, objectPath, resourceDir, resourceKey, type AgentState } from './cache-layout';

/** The answer of a cache lookup: the object, "not in the API" (synced and absent), or "ask the API". */
export type CacheLookup<T> = { kind: 'hit'; object: T } | { kind: 'absent' } | { kind: 'unavailable'; why: string };

/** The answer of a cache listing: every cached object of a resource, or "ask the API". */
export type CacheListing<T> = { kind: 'listed'; objects: T[] } | { kind: 'unavailable'; why: string };

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
    private readonly files: Pick<FileStore, 'read' | 'list'>,
    readonly root: string,
    private readonly now: () => number = Date.now,
    private readonly maxStalenessMs = DEFAULT_MAX_STALENESS_MS,
  ) {}

  async get<T extends KubeObject>(type: Pick<ResourceType, 'group' | 'plural'>, namespace: string | undefined, name: string): Promise<CacheLookup<T>> {
    const why = await this.untrusted(type);
    if (why) return { kind: 'unavailable', why };
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

  /** list returns every cached object of a resource (unreadable files skipped) while the cache is trusted. */
  async list<T extends KubeObject>(type: Pick<ResourceType, 'group' | 'plural'>): Promise<CacheListing<T>> {
    const why = await this.untrusted(type);
    if (why) return { kind: 'unavailable', why };
    const dir = resourceDir(this.root, type);
    const objects: T[] = [];
    for (const ns of await this.files.list(dir)) {
      if (ns.startsWith('.')) continue;
      for (const f of await this.files.list(`${dir}/${ns}`)) {
        if (!f.endsWith('.json') || f.startsWith('.')) continue;
        const text = await this.files.read(`${dir}/${ns}/${f}`);
        try {
          if (text !== undefined) objects.push(JSON.parse(text) as T);
        } catch {
          continue;
        }
      }
    }
    return { kind: 'listed', objects };
  }

  /** untrusted says why the cache of `type` must not be used now (no agent, stale heartbeat, not synced), or undefined. */
  private async untrusted(type: Pick<ResourceType, 'group' | 'plural'>): Promise<string | undefined> {
    const state = await this.agentState();
    if (!state) return 'no agent state';
    const age = this.now() - Date.parse(state.heartbeatAt);
    if (!(age <= this.maxStalenessMs)) return `agent heartbeat ${Math.round(age / 1000)} s old`;
    if (state.synced[resourceKey(type)] === undefined) return `${resourceKey(type)} not synced`;
    return undefined;
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
