import { randomUUID } from 'node:crypto';
import type { EmulatedObject } from './types';

/** Identifies a stored object: resource (group + plural), namespace ('' when cluster-scoped) and name. */
export interface StoreKey {
  group: string;
  plural: string;
  namespace?: string;
  name: string;
}

/**
 * ObjectStore is the emulator's etcd: objects by resource/namespace/name and one cluster-wide, monotonically
 * increasing resourceVersion, as the real API server's. Reads return copies so callers cannot edit stored state.
 */
export class ObjectStore {
  private readonly objects = new Map<string, EmulatedObject>();
  private revision = 0;
  /** The change log watches replay from (bounded, like etcd's compaction window) and live subscribers. */
  readonly changes = new ChangeLog();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** currentRevision is the last resourceVersion handed out (a list's metadata.resourceVersion). */
  currentRevision(): string {
    return String(this.revision);
  }

  get(key: StoreKey): EmulatedObject | undefined {
    const o = this.objects.get(keyString(key));
    return o && structuredClone(o);
  }

  /** list returns copies of the objects of one resource, in one namespace or all. */
  list(group: string, plural: string, namespace?: string): EmulatedObject[] {
    const prefix = `${group}|${plural}|`;
    return [...this.objects.entries()]
      .filter(([k, o]) => k.startsWith(prefix) && (namespace === undefined || (o.metadata.namespace ?? '') === namespace))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, o]) => structuredClone(o));
  }

  /** insert stores a new object, stamping uid, creationTimestamp and a new resourceVersion. */
  insert(group: string, plural: string, obj: EmulatedObject): EmulatedObject {
    const o = structuredClone(obj);
    o.metadata.uid ??= randomUUID();
    o.metadata.creationTimestamp ??= this.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    o.metadata.resourceVersion = String(++this.revision);
    this.objects.set(keyString({ group, plural, namespace: o.metadata.namespace, name: o.metadata.name! }), o);
    this.changes.record({ type: 'ADDED', group, plural, revision: this.revision, object: structuredClone(o) });
    return structuredClone(o);
  }

  /** update replaces a stored object, keeping uid and creationTimestamp and bumping resourceVersion. */
  update(group: string, plural: string, obj: EmulatedObject, current: EmulatedObject): EmulatedObject {
    const o = structuredClone(obj);
    o.metadata.uid = current.metadata.uid;
    o.metadata.creationTimestamp = current.metadata.creationTimestamp;
    o.metadata.resourceVersion = String(++this.revision);
    this.objects.set(keyString({ group, plural, namespace: o.metadata.namespace, name: o.metadata.name! }), o);
    this.changes.record({ type: 'MODIFIED', group, plural, revision: this.revision, object: structuredClone(o) });
    return structuredClone(o);
  }

  /** remove deletes an object; the revision moves on as a real delete's does. */
  remove(key: StoreKey): boolean {
    const gone = this.objects.get(keyString(key));
    const had = this.objects.delete(keyString(key));
    if (had) this.revision++;
    if (gone) {
      // As the API server's: the DELETED event carries the last state at the deletion's resourceVersion.
      gone.metadata.resourceVersion = String(this.revision);
      this.changes.record({ type: 'DELETED', group: key.group, plural: key.plural, revision: this.revision, object: gone });
    }
    return had;
  }

  /** clear empties the store (the revision keeps counting up). */
  clear(): void {
    this.objects.clear();
  }
}

/** One change of one object, as a watch streams it. */
export interface ChangeEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  group: string;
  plural: string;
  revision: number;
  object: EmulatedObject;
}

/**
 * ChangeLog keeps the last `capacity` changes (older resourceVersions are "compacted": a watch from there gets
 * 410 Gone, as from a real API server) and tells subscribers about new ones.
 */
export class ChangeLog {
  private readonly events: ChangeEvent[] = [];
  private readonly listeners = new Set<(e: ChangeEvent) => void>();

  constructor(private readonly capacity = 10_000) {}

  record(e: ChangeEvent): void {
    this.events.push(e);
    if (this.events.length > this.capacity) this.events.shift();
    for (const l of this.listeners) l(e);
  }

  /** since returns the changes after `revision`, or undefined when some of them were already dropped. */
  since(revision: number): ChangeEvent[] | undefined {
    const first = this.events[0];
    if (first && first.revision > revision + 1 && this.events.length >= this.capacity) return undefined;
    return this.events.filter((e) => e.revision > revision);
  }

  subscribe(listener: (e: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function keyString(k: StoreKey): string {
  return `${k.group}|${k.plural}|${k.namespace ?? ''}|${k.name}`;
}
