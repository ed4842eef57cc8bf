import type { KubeObject, ResourceType } from '@plexus/kube-model';
import { loadClientNode } from './client-node';
import { type KubeFs, nodeKubeFs } from './kube-fs';
import { loadKubeconfig } from './load-kubeconfig';
import { recordApiCall } from './api-call-counter';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';

/** A list with the resourceVersion a watch continues from. */
export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
}

/** Which objects a list/watch covers. */
export interface WatchScope {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** One watch event; ERROR carries a metav1.Status (410 Gone = re-list). */
export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/**
 * KubeWatcher is list + watch for informers (the node agent's cache). Unlike KubeClient it does not retry: an
 * informer's loop decides (re-list on 410, back off on errors). Credentials are re-read from the kubeconfig file on
 * every list and watch, so a rotated token is used from the next request on.
 */
export interface KubeWatcher {
  list<T extends KubeObject = KubeObject>(type: ResourceType, scope?: WatchScope): Promise<ListResult<T>>;
  /**
   * watch streams events after `resourceVersion` until the server ends the stream (resolves), it fails (rejects), or
   * `signal` aborts. `timeoutSeconds` asks the server to end it (informers reconnect periodically).
   */
  watch<T extends KubeObject = KubeObject>(
    type: ResourceType,
    scope: WatchScope,
    resourceVersion: string,
    onEvent: (e: WatchEvent<T>) => void,
    opts?: { timeoutSeconds?: number; signal?: AbortSignal },
  ): Promise<void>;
}

/** resourcePath is the REST collection path of a resource: core `/api/v1/…`, others `/apis/<group>/<version>/…`. */
export function resourcePath(type: ResourceType, namespace?: string): string {
  const base = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  return `${base}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${type.plural}`;
}

/** createKubeWatcher makes a KubeWatcher over a kubeconfig file; client-node is loaded on the first call. */
export function createKubeWatcher(opts: { kubeconfigPath: string; fs?: KubeFs; timeoutMs?: number }): KubeWatcher {
  const fs = opts.fs ?? nodeKubeFs;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const config = async () => {
    const k8s = await loadClientNode();
    return { k8s, kc: loadKubeconfig(k8s, fs, { kind: 'file', path: opts.kubeconfigPath }).kubeConfig };
  };
  return {
    async list<T extends KubeObject>(type: ResourceType, scope: WatchScope = {}): Promise<ListResult<T>> {
      const { k8s, kc } = await config();
      const { labelSelector, fieldSelector, namespace } = scope;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`list ${type.plural}: no answer within ${timeoutMs} ms`)), timeoutMs)));
      recordApiCall();
      let raw: unknown;
      try {
        const options = undefined;
        if (type.group === '') {
          if (type.plural !== 'pods') throw new Error(`list ${type.plural}: only pods are listed from the core group`);
          const core = kc.makeApiClient(k8s.CoreV1Api);
          raw = await Promise.race([
            namespace ? core.listNamespacedPod({ namespace, labelSelector, fieldSelector }, options) : core.listPodForAllNamespaces({ labelSelector, fieldSelector }, options),
            deadline,
          ]);
        } else {
          const custom = kc.makeApiClient(k8s.CustomObjectsApi);
          const { group, version, plural } = type;
          raw = await Promise.race([
            namespace
              ? custom.listNamespacedCustomObject({ group, version, plural, namespace, labelSelector, fieldSelector }, options)
              : custom.listClusterCustomObject({ group, version, plural, labelSelector, fieldSelector }, options),
            deadline,
          ]);
        }
      } finally {
        clearTimeout(timer);
      }
      // Plain JSON (client-node models carry Date objects and class instances).
      const body = JSON.parse(JSON.stringify(raw)) as { items?: T[]; metadata?: { resourceVersion?: string } };
      return { items: body.items ?? [], resourceVersion: body.metadata?.resourceVersion ?? '' };
    },

    async watch<T extends KubeObject>(type: ResourceType, scope: WatchScope, resourceVersion: string, onEvent: (e: WatchEvent<T>) => void, o: { timeoutSeconds?: number; signal?: AbortSignal } = {}): Promise<void> {
      const { kc } = await config();
      recordApiCall();
      const params = new URLSearchParams({ watch: 'true', resourceVersion, allowWatchBookmarks: 'true' });
      if (scope.labelSelector) params.set('labelSelector', scope.labelSelector);
      if (scope.fieldSelector) params.set('fieldSelector', scope.fieldSelector);
      if (o.timeoutSeconds) params.set('timeoutSeconds', String(o.timeoutSeconds));
      const url = new URL(`${kc.getCurrentCluster()!.server}${resourcePath(type, scope.namespace)}?${params}`);
      // node:http(s) with client-node's TLS and auth options: its own Watch (node-fetch + readline) delivered events
      // only when the stream closed in tests, which is useless for a cache.
      const httpsOptions: RequestOptions = {};
      await kc.applyToHTTPSOptions(httpsOptions);
      await new Promise<void>((resolve, reject) => {
        const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { ...httpsOptions, method: 'GET', signal: o.signal }, (res) => {
          if (res.statusCode !== 200) {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => reject(new Error(`watch ${url.pathname}: HTTP ${res.statusCode}: ${text.slice(0, 200)}`)));
            return;
          }
          let buf = '';
          res.on('data', (c: Buffer) => {
            buf += c.toString('utf8');
            let i: number;
            while ((i = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, i).trim();
              buf = buf.slice(i + 1);
              if (line) onEvent(JSON.parse(line) as WatchEvent<T>);
            }
          });
          res.on('end', () => resolve());
          res.on('error', (e) => (o.signal?.aborted ? resolve() : reject(e)));
        });
        request.on('error', (e) => (o.signal?.aborted ? resolve() : reject(e)));
        request.end();
      });
    },
  };
}
