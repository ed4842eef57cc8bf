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
    return structuredClone(o);
  }

  /** update replaces a stored object, keeping uid and creationTimestamp and bumping resourceVersion. */
  update(group: string, plural: string, obj: EmulatedObject, current: EmulatedObject): EmulatedObject {
    const o = structuredClone(obj);
    o.metadata.uid = current.metadata.uid;
    o.metadata.creationTimestamp = current.metadata.creationTimestamp;
    o.metadata.resourceVersion = String(++this.revision);
    this.objects.set(keyString({ group, plural, namespace: o.metadata.namespace, name: o.metadata.name! }), o);
    return structuredClone(o);
  }

  /** remove deletes an object; the revision moves on as a real delete's does. */
  remove(key: StoreKey): boolean {
    const had = this.objects.delete(keyString(key));
    if (had) this.revision++;
    return had;
  }

  /** clear empties the store (the revision keeps counting up). */
  clear(): void {
    this.objects.clear();
  }
}

function keyString(k: StoreKey): string {
  return `${k.group}|${k.plural}|${k.namespace ?? ''}|${k.name}`;
}
