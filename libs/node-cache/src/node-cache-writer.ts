import type { KubeObject, ResourceType } from '@plexus/kube-model';
import type { FileStore } from '@plexus/store';
import { AGENT_STATE_FILE, objectPath, resourceDir, type AgentState } from './cache-layout';

/**
 * NodeCacheWriter is the agent's side: it mirrors informer state into files, each replaced atomically, so a plugin
 * reading concurrently sees an object's old or new version, never a torn one.
 */
export class NodeCacheWriter {
  /** Every object file this writer has published (a re-list removes those the API no longer lists). */
  private readonly written = new Set<string>();

  constructor(
    private readonly files: FileStore,
    readonly root: string,
  ) {}

  async upsert(type: ResourceType, obj: KubeObject): Promise<void> {
    const path = objectPath(this.root, type, obj.metadata.namespace, obj.metadata.name ?? '');
    if (!path) return;
    await this.files.writeAtomic(path, JSON.stringify(obj), 0o644);
    this.written.add(path);
  }

  async remove(type: ResourceType, obj: KubeObject): Promise<void> {
    const path = objectPath(this.root, type, obj.metadata.namespace, obj.metadata.name ?? '');
    if (!path) return;
    await this.files.remove(path);
    this.written.delete(path);
  }

  /** replaceAll makes the cache of one resource exactly `items` (after a (re-)list): writes them, removes the rest. */
  async replaceAll(type: ResourceType, items: KubeObject[]): Promise<void> {
    const keep = new Set<string>();
    for (const obj of items) {
      await this.upsert(type, obj);
      const p = objectPath(this.root, type, obj.metadata.namespace, obj.metadata.name ?? '');
      if (p) keep.add(p);
    }
    // What this writer published plus what is on disk (files left by a previous agent run).
    const dir = resourceDir(this.root, type);
    const present = new Set([...this.written].filter((p) => p.startsWith(`${dir}/`)));
    for (const ns of await this.files.list(dir)) {
      if (ns.startsWith('.')) continue;
      for (const f of await this.files.list(`${dir}/${ns}`)) if (f.endsWith('.json')) present.add(`${dir}/${ns}/${f}`);
    }
    for (const p of present) {
      if (keep.has(p)) continue;
      await this.files.remove(p);
      this.written.delete(p);
    }
  }

  /** count is how many objects of one resource are published (for the agent's metrics). */
  count(type: ResourceType): number {
    const dir = `${resourceDir(this.root, type)}/`;
    return [...this.written].filter((p) => p.startsWith(dir)).length;
  }

  async writeState(state: AgentState): Promise<void> {
    await this.files.writeAtomic(`${this.root}/${AGENT_STATE_FILE}`, JSON.stringify(state), 0o644);
  }

  /** clearState withdraws the cache (agent stopping): readers go to the API from then on. */
  async clearState(): Promise<void> {
    await this.files.remove(`${this.root}/${AGENT_STATE_FILE}`);
  }
}
