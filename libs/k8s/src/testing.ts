import { matchesLabelSelector, parseLabelSelector } from '@plexus/kube-model';
import type { Clock } from './clock';
import { describeList, describeObject } from './describe-object';
import { AlreadyExistsError, ConflictError, NotFoundError } from './errors';
import type { KubeClient } from './kube-client';
import type { FileStamp, KubeFs } from './kube-fs';
import {
  type DeletePreconditions,
  type KubeObject,
  type ListOptions,
  NETWORK_ATTACHMENT_DEFINITIONS,
  PODS,
  type NetworkAttachmentDefinition,
  type Node,
  type ObjectKey,
  type Pod,
  type PodEvent,
  type ResourceType,
} from './types';

/** Core resource types as the fake stores them. */
/** The Pod resource, as the fake stores it (the same as `PODS`). */
export const FAKE_PODS: ResourceType = PODS;
export const FAKE_NODES: ResourceType = { group: '', version: 'v1', plural: 'nodes', kind: 'Node' };

/** A recorded call to the fake. */
export interface FakeKubeCall {
  method: keyof KubeClient;
  args: unknown[];
}

/**
 * FakeKubeClient is an in-memory API server with the semantics callers depend on: resourceVersion bumps on every
 * write, create of an existing name → AlreadyExistsError, replace with a stale resourceVersion → ConflictError,
 * get/delete of a missing object → NotFoundError, label selectors on lists, merge of annotations. Every call is
 * recorded; `failNext` makes the next call(s) of a method throw (e.g. `tryAgainLater(...)` to test code 11 paths).
 */
export class FakeKubeClient implements KubeClient {
  readonly calls: FakeKubeCall[] = [];
  readonly events: PodEvent[] = [];
  private readonly objects = new Map<string, KubeObject>();
  private readonly failures: Array<{ method: keyof KubeClient; error: unknown; remaining: number }> = [];
  private version = 0;
  private uids = 0;

  constructor(private readonly clock: Clock = new FakeClock()) {}

  /** addPod stores a pod (namespace and name required); returns the stored copy with uid/resourceVersion. */
  addPod(pod: Pod): Pod {
    return this.seed(FAKE_PODS, pod);
  }

  /** addNode stores a node. */
  addNode(node: Node): Node {
    return this.seed(FAKE_NODES, node);
  }

  /** addNetworkAttachmentDefinition stores a NAD. */
  addNetworkAttachmentDefinition(nad: NetworkAttachmentDefinition): NetworkAttachmentDefinition {
    return this.seed(NETWORK_ATTACHMENT_DEFINITIONS, nad);
  }

  /** seed stores any object as if created (overwriting one of the same name), without recording a call. */
  seed<T extends KubeObject>(type: ResourceType, obj: T): T {
    const stored = this.stamp(type, clone(obj), undefined);
    this.objects.set(keyOf(type, stored.metadata as ObjectKey), stored);
    return clone(stored) as T;
  }

  /** stored reads an object without recording a call (for assertions); undefined when absent. */
  stored<T extends KubeObject = KubeObject>(type: ResourceType, key: ObjectKey): T | undefined {
    const o = this.objects.get(keyOf(type, key));
    return o ? (clone(o) as T) : undefined;
  }

  /** failNext makes the next `times` calls of `method` throw `error`. */
  failNext(method: keyof KubeClient, error: unknown, times = 1): this {
    this.failures.push({ method, error, remaining: times });
    return this;
  }

  apiCallCount(): number {
    return this.calls.filter((c) => c.method !== 'apiCallCount').length;
  }

  async getPod(namespace: string, name: string): Promise<Pod> {
    this.record('getPod', namespace, name);
    return this.read<Pod>(FAKE_PODS, { namespace, name });
  }

  async patchPodAnnotations(namespace: string, name: string, annotations: Record<string, string | null>): Promise<Pod> {
    this.record('patchPodAnnotations', namespace, name, annotations);
    const key = { namespace, name };
    const pod = this.read<Pod>(FAKE_PODS, key);
    const merged = { ...(pod.metadata.annotations ?? {}) };
    for (const [k, v] of Object.entries(annotations)) {
      if (v === null) delete merged[k];
      else merged[k] = v;
    }
    pod.metadata.annotations = merged;
    return this.write(FAKE_PODS, pod);
  }

  async createPodEvent(event: PodEvent): Promise<void> {
    this.record('createPodEvent', event);
    this.events.push(clone(event));
  }

  async getNode(name: string): Promise<Node> {
    this.record('getNode', name);
    return this.read<Node>(FAKE_NODES, { name });
  }

  async listNodes(opts: Pick<ListOptions, 'labelSelector'> = {}): Promise<Node[]> {
    this.record('listNodes', opts);
    return this.list<Node>(FAKE_NODES, opts);
  }

  async getNetworkAttachmentDefinition(namespace: string, name: string): Promise<NetworkAttachmentDefinition> {
    this.record('getNetworkAttachmentDefinition', namespace, name);
    return this.read(NETWORK_ATTACHMENT_DEFINITIONS, { namespace, name });
  }

  async listNetworkAttachmentDefinitions(opts: ListOptions = {}): Promise<NetworkAttachmentDefinition[]> {
    this.record('listNetworkAttachmentDefinitions', opts);
    return this.list(NETWORK_ATTACHMENT_DEFINITIONS, opts);
  }

  async getObject<T extends KubeObject = KubeObject>(type: ResourceType, key: ObjectKey): Promise<T> {
    this.record('getObject', type, key);
    return this.read<T>(type, key);
  }

  async listObjects<T extends KubeObject = KubeObject>(type: ResourceType, opts: ListOptions = {}): Promise<T[]> {
    this.record('listObjects', type, opts);
    return this.list<T>(type, opts);
  }

  async createObject<T extends KubeObject = KubeObject>(type: ResourceType, obj: NoInfer<T>): Promise<T> {
    this.record('createObject', type, obj);
    const o = clone(obj);
    if (!o.metadata.name && o.metadata.generateName) o.metadata.name = `${o.metadata.generateName}${(++this.uids).toString(36).padStart(5, 'x')}`;
    if (!o.metadata.name) throw new Error(`createObject ${type.plural}: metadata.name or generateName is required`);
    const key = o.metadata as ObjectKey;
    if (this.objects.has(keyOf(type, key))) throw new AlreadyExistsError(describeObject(type, key));
    delete o.metadata.resourceVersion;
    const stored = this.stamp(type, o, undefined);
    this.objects.set(keyOf(type, key), stored);
    return clone(stored) as T;
  }

  async replaceObject<T extends KubeObject = KubeObject>(type: ResourceType, obj: NoInfer<T>): Promise<T> {
    this.record('replaceObject', type, obj);
    const key = obj.metadata as ObjectKey;
    const current = this.read(type, key);
    if (obj.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw new ConflictError(describeObject(type, key), `resourceVersion ${obj.metadata.resourceVersion} is not ${current.metadata.resourceVersion}`);
    }
    return this.write(type, clone(obj), current);
  }

  async deleteObject(type: ResourceType, key: ObjectKey, preconditions?: DeletePreconditions): Promise<void> {
    this.record('deleteObject', type, key, preconditions);
    const current = this.read(type, key);
    const stale =
      (preconditions?.resourceVersion && preconditions.resourceVersion !== current.metadata.resourceVersion) ||
      (preconditions?.uid && preconditions.uid !== current.metadata.uid);
    if (stale) throw new ConflictError(describeObject(type, key), 'precondition failed');
    this.objects.delete(keyOf(type, key));
  }

  private record(method: keyof KubeClient, ...args: unknown[]): void {
    this.calls.push({ method, args: clone(args) });
    const f = this.failures.find((x) => x.method === method && x.remaining > 0);
    if (f) {
      f.remaining--;
      throw f.error;
    }
  }

  private read<T extends KubeObject>(type: ResourceType, key: ObjectKey): T {
    const o = this.objects.get(keyOf(type, key));
    if (!o) throw new NotFoundError(describeObject(type, key));
    return clone(o) as T;
  }

  private list<T extends KubeObject>(type: ResourceType, opts: ListOptions): T[] {
    let reqs;
    try {
      reqs = parseLabelSelector(opts.labelSelector ?? '');
    } catch (e) {
      throw new Error(`list ${describeList(type, opts.namespace)}: ${(e as Error).message}`);
    }
    const prefix = `${type.group}/${type.plural}|`;
    return [...this.objects.entries()]
      .filter(([k, o]) => k.startsWith(prefix) && (!opts.namespace || o.metadata.namespace === opts.namespace))
      .filter(([, o]) => matchesLabelSelector(reqs, o.metadata.labels))
      .map(([, o]) => clone(o) as T);
  }

  private write<T extends KubeObject>(type: ResourceType, obj: T, current?: KubeObject): T {
    const stored = this.stamp(type, obj, current);
    this.objects.set(keyOf(type, stored.metadata as ObjectKey), stored);
    return clone(stored) as T;
  }

  /** stamp fills server-owned fields: uid and creationTimestamp kept from `current`, a new resourceVersion. */
  private stamp<T extends KubeObject>(type: ResourceType, obj: T, current: KubeObject | undefined): T {
    obj.apiVersion ??= type.group ? `${type.group}/${type.version}` : type.version;
    obj.kind ??= type.kind;
    obj.metadata.uid = current?.metadata.uid ?? obj.metadata.uid ?? `fake-uid-${++this.uids}`;
    obj.metadata.creationTimestamp = current?.metadata.creationTimestamp ?? obj.metadata.creationTimestamp ?? this.clock.now().toISOString();
    obj.metadata.resourceVersion = String(++this.version);
    return obj;
  }
}

/** FakeClock is a settable clock whose sleeps return at once, advance time and are recorded. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private t = Date.parse('2025-01-01T00:00:00Z')) {}

  now(): Date {
    return new Date(this.t);
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
}

/**
 * MemoryKubeFs is an in-memory KubeFs: `write` replaces a file the way an atomic rename does (new inode, new
 * mtime), so the client sees the change on its next call.
 */
export class MemoryKubeFs implements KubeFs {
  private readonly files = new Map<string, { content: string; stamp: FileStamp }>();
  private inodes = 0;

  write(path: string, content: string): this {
    const ino = ++this.inodes;
    this.files.set(path, { content, stamp: { mtimeMs: ino, ctimeMs: ino, size: Buffer.byteLength(content), ino } });
    return this;
  }

  remove(path: string): this {
    this.files.delete(path);
    return this;
  }

  stat(path: string): FileStamp | undefined {
    return this.files.get(path)?.stamp;
  }

  readFile(path: string): string {
    const f = this.files.get(path);
    if (!f) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return f.content;
  }
}

function keyOf(type: ResourceType, key: ObjectKey): string {
  return `${type.group}/${type.plural}|${key.namespace ?? ''}|${key.name}`;
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
