import { tryAgainLater } from '@plexus/cni-spec';
import type { ConfigurationOptions, CoreV1Event, ObservableMiddleware } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { recordApiCall } from './api-call-counter';
import { type ApiSession, SessionCache } from './api-session';
import { guardAttempt } from './attempt-guard';
import { backoffDelay } from './backoff';
import { classifyFailure, type Failure } from './classify-failure';
import type { Clock } from './clock';
import { type ClientNodeModule, loadClientNode } from './client-node';
import { DeadlineError, raceDeadline } from './deadline';
import { describeList, describeObject } from './describe-object';
import { AlreadyExistsError, ConflictError, KubeApiError, NotFoundError } from './errors';
import type { KubeClient } from './kube-client';
import type { KubeFs } from './kube-fs';
import { describeSource, type KubeconfigSource } from './kubeconfig-source';
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

const NODES = { group: '', plural: 'nodes' };
const EVENTS = { group: '', plural: 'events' };

/** Resolved settings of an ApiKubeClient. */
export interface ApiKubeClientSettings {
  /** Decides where credentials come from; called on the first API call (it may throw code 7). */
  resolveSource: () => KubeconfigSource;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  clock: Clock;
  fs: KubeFs;
  /** Loads @kubernetes/client-node; injectable so a test can prove it is not loaded before the first call. */
  loadModule?: () => Promise<ClientNodeModule>;
  /** Gets the kubeconfig's warnings each time the credentials are (re)loaded. */
  onWarning?: (message: string) => void;
}

/** What one call is, for the retry loop and its error messages. */
interface CallSpec {
  /** e.g. `get pods "default/web-0"`. */
  operation: string;
  /** e.g. `pods "default/web-0"`. */
  object: string;
  /** A write: a transient failure may have been applied, so later typed errors are flagged `ambiguous`. */
  mutates: boolean;
  /** Retry 409 Conflict (a merge patch has no precondition, so a conflict is only a storage race). */
  retryConflicts?: boolean;
  /** Extra client-node middleware (e.g. the patch Content-Type). */
  middleware?: (k8s: ClientNodeModule) => ObservableMiddleware[];
}

type Send<T> = (s: ApiSession, o: ConfigurationOptions<ObservableMiddleware>) => Promise<T>;

/**
 * ApiKubeClient is the production KubeClient over @kubernetes/client-node. It loads the library and the
 * credentials on the first call only, bounds every request, retries transient failures with backoff, re-reads
 * changed credentials before each request and once more after a 401.
 */
export class ApiKubeClient implements KubeClient {
  private calls = 0;
  private readonly loadModule: () => Promise<ClientNodeModule>;
  private sessionCache?: { source: KubeconfigSource; sessions: SessionCache };

  constructor(private readonly settings: ApiKubeClientSettings) {
    this.loadModule = settings.loadModule ?? loadClientNode;
  }

  apiCallCount(): number {
    return this.calls;
  }

  async getPod(namespace: string, name: string): Promise<Pod> {
    const object = describeObject(PODS, { namespace, name });
    return this.call({ operation: `get ${object}`, object, mutates: false }, async (s, o) =>
      toPlain<Pod>(await s.core.readNamespacedPod({ namespace, name }, o)),
    );
  }

  async patchPodAnnotations(namespace: string, name: string, annotations: Record<string, string | null>): Promise<Pod> {
    const object = describeObject(PODS, { namespace, name });
    const spec: CallSpec = {
      operation: `patch ${object} status`,
      object,
      mutates: true,
      retryConflicts: true,
      // client-node defaults a patch to JSON Patch; an annotation map is a merge patch.
      middleware: (k8s) => [k8s.setHeaderMiddleware('Content-Type', k8s.PatchStrategy.MergePatch)],
    };
    return this.call(spec, async (s, o) =>
      toPlain<Pod>(await s.core.patchNamespacedPodStatus({ namespace, name, body: { metadata: { annotations } } }, o)),
    );
  }

  async createPodEvent(event: PodEvent): Promise<void> {
    const { pod } = event;
    const now = this.settings.clock.now();
    const component = event.component ?? 'plexus';
    // Event names only need to be unique; kubectl's convention is <object>.<hex>.
    const name = `${pod.name}.${now.getTime().toString(16)}${randomBytes(4).toString('hex')}`;
    const body: CoreV1Event = {
      metadata: { name, namespace: pod.namespace },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: pod.namespace, name: pod.name, uid: pod.uid },
      reason: event.reason,
      message: event.message,
      type: event.type ?? 'Normal',
      source: { component, host: event.host },
      reportingComponent: component,
      reportingInstance: event.host,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
    const object = describeObject(EVENTS, { namespace: pod.namespace, name });
    try {
      await this.call({ operation: `create ${object}`, object, mutates: true }, (s, o) =>
        s.core.createNamespacedEvent({ namespace: pod.namespace, body }, o),
      );
    } catch (e) {
      // Our own earlier attempt got through: the event exists, which is all we wanted.
      if (!(e instanceof AlreadyExistsError && e.ambiguous)) throw e;
    }
  }

  async getNode(name: string): Promise<Node> {
    const object = describeObject(NODES, { name });
    return this.call({ operation: `get ${object}`, object, mutates: false }, async (s, o) =>
      toPlain<Node>(await s.core.readNode({ name }, o)),
    );
  }

  async listNodes(opts: Pick<ListOptions, 'labelSelector'> = {}): Promise<Node[]> {
    const object = describeList(NODES, undefined, opts.labelSelector);
    return this.call({ operation: `list ${object}`, object, mutates: false }, async (s, o) =>
      toPlain<{ items: Node[] }>(await s.core.listNode({ labelSelector: opts.labelSelector }, o)).items,
    );
  }

  getNetworkAttachmentDefinition(namespace: string, name: string): Promise<NetworkAttachmentDefinition> {
    return this.getObject<NetworkAttachmentDefinition>(NETWORK_ATTACHMENT_DEFINITIONS, { namespace, name });
  }

  listNetworkAttachmentDefinitions(opts: ListOptions = {}): Promise<NetworkAttachmentDefinition[]> {
    return this.listObjects<NetworkAttachmentDefinition>(NETWORK_ATTACHMENT_DEFINITIONS, opts);
  }

  async getObject<T extends KubeObject = KubeObject>(type: ResourceType, key: ObjectKey): Promise<T> {
    const object = describeObject(type, key);
    const { group, version, plural } = type;
    const { name, namespace } = key;
    return this.call({ operation: `get ${object}`, object, mutates: false }, async (s, o) =>
      namespace
        ? ((await s.custom.getNamespacedCustomObject({ group, version, plural, namespace, name }, o)) as T)
        : ((await s.custom.getClusterCustomObject({ group, version, plural, name }, o)) as T),
    );
  }

  async listObjects<T extends KubeObject = KubeObject>(type: ResourceType, opts: ListOptions = {}): Promise<T[]> {
    const object = describeList(type, opts.namespace, opts.labelSelector);
    const { group, version, plural } = type;
    const { namespace, labelSelector } = opts;
    const list = await this.call({ operation: `list ${object}`, object, mutates: false }, async (s, o) =>
      namespace
        ? ((await s.custom.listNamespacedCustomObject({ group, version, plural, namespace, labelSelector }, o)) as { items?: T[] })
        : // Same URL for a cluster-scoped resource and for a namespaced one across all namespaces.
          ((await s.custom.listClusterCustomObject({ group, version, plural, labelSelector }, o)) as { items?: T[] }),
    );
    return list.items ?? [];
  }

  async createObject<T extends KubeObject = KubeObject>(type: ResourceType, obj: NoInfer<T>): Promise<T> {
    const body = { ...obj, apiVersion: obj.apiVersion ?? `${type.group}/${type.version}`, kind: obj.kind ?? type.kind };
    const namespace = obj.metadata.namespace;
    const object = describeObject(type, { namespace, name: obj.metadata.name ?? `${obj.metadata.generateName ?? ''}*` });
    const { group, version, plural } = type;
    return this.call({ operation: `create ${object}`, object, mutates: true }, async (s, o) =>
      namespace
        ? ((await s.custom.createNamespacedCustomObject({ group, version, plural, namespace, body }, o)) as T)
        : ((await s.custom.createClusterCustomObject({ group, version, plural, body }, o)) as T),
    );
  }

  async replaceObject<T extends KubeObject = KubeObject>(type: ResourceType, obj: NoInfer<T>): Promise<T> {
    const { name, namespace, resourceVersion } = obj.metadata;
    if (!name || !resourceVersion) {
      throw new Error(`replaceObject ${type.plural}: metadata.name and metadata.resourceVersion are required (optimistic concurrency)`);
    }
    const body = { ...obj, apiVersion: obj.apiVersion ?? `${type.group}/${type.version}`, kind: obj.kind ?? type.kind };
    const object = describeObject(type, { namespace, name });
    const { group, version, plural } = type;
    return this.call({ operation: `replace ${object}`, object, mutates: true }, async (s, o) =>
      namespace
        ? ((await s.custom.replaceNamespacedCustomObject({ group, version, plural, namespace, name, body }, o)) as T)
        : ((await s.custom.replaceClusterCustomObject({ group, version, plural, name, body }, o)) as T),
    );
  }

  async deleteObject(type: ResourceType, key: ObjectKey, preconditions?: DeletePreconditions): Promise<void> {
    const object = describeObject(type, key);
    const { group, version, plural } = type;
    const { name, namespace } = key;
    const body = preconditions ? { preconditions } : undefined;
    await this.call({ operation: `delete ${object}`, object, mutates: true }, (s, o) =>
      namespace
        ? s.custom.deleteNamespacedCustomObject({ group, version, plural, namespace, name, body }, o)
        : s.custom.deleteClusterCustomObject({ group, version, plural, name, body }, o),
    );
  }

  /** call runs one API operation with the deadline, retry and error-mapping policy. */
  private async call<T>(spec: CallSpec, send: Send<T>): Promise<T> {
    const { timeoutMs, retries, backoffMs, clock } = this.settings;
    const { source, sessions } = this.sessions();
    const k8s = await this.loadModule();
    let reload = false;
    let reloadedForAuth = false;
    let ambiguous = false;
    for (let attempt = 0; ; attempt++) {
      const session = await sessions.get(reload);
      reload = false;
      const guard = guardAttempt(k8s, Date.now() + timeoutMs, () => this.countCall(), spec.middleware?.(k8s));
      let failure: Failure | undefined;
      try {
        return await raceDeadline(send(session, guard.options), Date.now() + timeoutMs);
      } catch (e) {
        failure = classifyFailure(e, guard.timedOut() || e instanceof DeadlineError, timeoutMs);
        if (!failure) throw e;
      } finally {
        guard.dispose();
      }
      switch (failure.kind) {
        case 'not-found':
          throw new NotFoundError(spec.object, ambiguous);
        case 'already-exists':
          throw new AlreadyExistsError(spec.object, ambiguous);
        case 'rejected':
          throw new KubeApiError(spec.operation, failure.status ?? 0, failure.reason, failure.detail);
        case 'conflict':
          if (!spec.retryConflicts || attempt >= retries) throw new ConflictError(spec.object, failure.detail, ambiguous);
          break;
        case 'unauthorized':
          // A rotated token may have landed between our stat and the request: re-read once, then give up.
          if (reloadedForAuth) throw this.unavailable(spec, `401 Unauthorized with credentials from ${describeSource(source)} (re-read)`, attempt);
          reloadedForAuth = true;
          reload = true;
          continue;
        case 'transient':
          ambiguous ||= spec.mutates;
          if (attempt >= retries) throw this.unavailable(spec, failure.detail, attempt);
      }
      await clock.sleep(backoffDelay(attempt, backoffMs));
    }
  }

  /** sessions resolves the credential source on first use, so constructing a client costs nothing. */
  private sessions(): { source: KubeconfigSource; sessions: SessionCache } {
    if (!this.sessionCache) {
      const source = this.settings.resolveSource();
      this.sessionCache = { source, sessions: new SessionCache(this.loadModule, this.settings.fs, source, this.settings.onWarning) };
    }
    return this.sessionCache;
  }

  private unavailable(spec: CallSpec, detail: string, attempt: number) {
    return tryAgainLater(`failed to ${spec.operation}`, `kubernetes API: ${detail} (${attempt + 1} attempts)`);
  }

  private countCall(): void {
    this.calls++;
    recordApiCall();
  }
}

/** toPlain turns client-node model instances (Date fields, classes) into the plain JSON the API sent. */
function toPlain<T>(v: unknown): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
