import { randomInt } from 'node:crypto';
import { compileFieldSelector } from './field-selector';
import { applyJsonPatch, JsonPatchError } from './json-patch';
import { compileLabelSelector } from './label-selector';
import { applyMergePatch } from './merge-patch';
import type { ObjectStore } from './object-store';
import { apiVersionOf, type ResourceRegistry } from './resource-registry';
import { alreadyExists, badRequest, conflict, failure, invalid, notFound } from './status';
import type { EmulatedObject, ResourceInfo, ResourcePath } from './types';
import { WatchRequest } from './watch-stream';

/** A request to a resource path, body already parsed as JSON. */
export interface ResourceRequest {
  method: string;
  path: ResourcePath;
  query: URLSearchParams;
  body: unknown;
  contentType: string;
}

/** The answer: status code and JSON body. */
export interface ResourceResponse {
  status: number;
  body: unknown;
}

const STALE = 'the object has been modified; please apply your changes to the latest version and try again';
// Same alphabet as the API server's generateName suffix (no vowels, no look-alike digits).
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * ResourceApi implements the REST verbs on stored objects with the API server's semantics that Plexus relies on:
 * create-if-absent (409 AlreadyExists), optimistic concurrency on resourceVersion (409 Conflict), merge and JSON
 * patch, delete preconditions, status subresources, label and field selectors. Failures are thrown StatusErrors.
 */
export class ResourceApi {
  constructor(
    private readonly store: ObjectStore,
    private readonly registry: ResourceRegistry,
  ) {}

  handle(req: ResourceRequest): ResourceResponse {
    const { path, method } = req;
    const info = this.resolve(path);
    if (path.subresource && !(info.subresources ?? []).includes(path.subresource)) throw notFoundRoute();
    if (!path.name) {
      if (method === 'GET') return this.list(info, req);
      if (method === 'POST') return this.create(info, req);
      throw failure(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    }
    switch (method) {
      case 'GET':
        return { status: 200, body: this.current(info, path) };
      case 'PUT':
        return this.replace(info, req);
      case 'PATCH':
        return this.patch(info, req);
      case 'DELETE':
        return this.remove(info, req);
      default:
        throw failure(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    }
  }

  /** resolve finds the resource; unknown custom resources are served (scope from the URL) like a freshly added CRD. */
  private resolve(path: ResourcePath): ResourceInfo {
    const known = this.registry.lookup(path.group, path.version, path.plural);
    if (known) {
      // A namespaced object addressed without a namespace (or the reverse) has no route on a real server.
      if (path.name && known.namespaced !== (path.namespace !== undefined)) throw notFoundRoute();
      if (!known.namespaced && path.namespace !== undefined) throw notFoundRoute();
      return known;
    }
    if (path.group === '') throw notFoundRoute();
    return { group: path.group, version: path.version, plural: path.plural, kind: '', namespaced: path.namespace !== undefined };
  }

  private current(info: ResourceInfo, path: ResourcePath): EmulatedObject {
    const obj = this.store.get({ group: info.group, plural: info.plural, namespace: path.namespace, name: path.name! });
    if (!obj) throw notFound(info.group, info.plural, path.name!);
    return obj;
  }

  private list(info: ResourceInfo, req: ResourceRequest): ResourceResponse {
    const byLabels = compileLabelSelector(req.query.get('labelSelector') ?? '');
    const byFields = compileFieldSelector(req.query.get('fieldSelector') ?? '');
    if (req.query.get('watch') === 'true' || req.query.get('watch') === '1') {
      const matches = (o: EmulatedObject) => (req.path.namespace === undefined || (o.metadata.namespace ?? '') === req.path.namespace) && byLabels(o.metadata.labels) && byFields(o);
      return { status: 200, body: new WatchRequest(info, matches, req.query.get('resourceVersion') ?? '', Number(req.query.get('timeoutSeconds') ?? '0')) };
    }
    const items = this.store
      .list(info.group, info.plural, req.path.namespace)
      .filter((o) => byLabels(o.metadata.labels) && byFields(o));
    const kind = info.kind || items[0]?.kind || 'Object';
    return { status: 200, body: { apiVersion: apiVersionOf(info), kind: `${kind}List`, metadata: { resourceVersion: this.store.currentRevision() }, items } };
  }

  private create(info: ResourceInfo, req: ResourceRequest): ResourceResponse {
    const obj = requireObject(req.body);
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix();
    if (!meta.name) throw invalid(info.group, info.plural, '', 'metadata.name: Required value: name or generateName is required');
    this.placeInNamespace(info, req.path, obj);
    obj.apiVersion ??= apiVersionOf(info);
    obj.kind ??= info.kind || undefined;
    if (!obj.kind) throw badRequest(`Object 'Kind' is missing in the ${info.plural} body`);
    if (!this.registry.lookup(info.group, info.version, info.plural)) this.registry.register({ ...info, kind: obj.kind });
    if (this.store.get({ group: info.group, plural: info.plural, namespace: meta.namespace, name: meta.name })) throw alreadyExists(info.group, info.plural, meta.name);
    // The server owns these fields on create.
    delete meta.resourceVersion;
    delete meta.uid;
    delete meta.creationTimestamp;
    return { status: 201, body: this.store.insert(info.group, info.plural, obj) };
  }

  private replace(info: ResourceInfo, req: ResourceRequest): ResourceResponse {
    const current = this.current(info, req.path);
    const obj = requireObject(req.body);
    if (obj.metadata.name !== req.path.name) throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${req.path.name})`);
    this.placeInNamespace(info, req.path, obj);
    return this.commit(info, req.path, obj, current);
  }

  private patch(info: ResourceInfo, req: ResourceRequest): ResourceResponse {
    const current = this.current(info, req.path);
    const type = req.contentType.split(';')[0]!.trim();
    let patched: unknown;
    if (type === 'application/merge-patch+json' || type === 'application/strategic-merge-patch+json') {
      patched = applyMergePatch(current, req.body);
    } else if (type === 'application/json-patch+json') {
      try {
        patched = applyJsonPatch(current, req.body);
      } catch (e) {
        if (e instanceof JsonPatchError) throw invalid(info.group, info.plural, req.path.name!, e.message);
        throw e;
      }
    } else {
      throw failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
    }
    const obj = requireObject(patched);
    // A patch cannot rename or move an object.
    obj.metadata.name = current.metadata.name;
    obj.metadata.namespace = current.metadata.namespace;
    obj.metadata.uid = current.metadata.uid;
    return this.commit(info, req.path, obj, current);
  }

  /** commit checks the resourceVersion precondition, applies status-subresource rules and stores. */
  private commit(info: ResourceInfo, path: ResourcePath, obj: EmulatedObject, current: EmulatedObject): ResourceResponse {
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) throw conflict(info.group, info.plural, path.name!, STALE);
    if ((info.subresources ?? []).includes('status')) {
      // pods/status keeps the spec (metadata changes go through, which Multus' network-status relies on);
      // the object itself keeps the status.
      if (path.subresource === 'status') obj.spec = current.spec;
      else obj.status = current.status;
    }
    obj.apiVersion ??= current.apiVersion;
    obj.kind ??= current.kind;
    return { status: 200, body: this.store.update(info.group, info.plural, obj, current) };
  }

  private remove(info: ResourceInfo, req: ResourceRequest): ResourceResponse {
    const current = this.current(info, req.path);
    const pre = ((req.body ?? {}) as { preconditions?: { resourceVersion?: string; uid?: string } }).preconditions ?? {};
    if (pre.uid && pre.uid !== current.metadata.uid) {
      throw conflict(info.group, info.plural, req.path.name!, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
    }
    if (pre.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(info.group, info.plural, req.path.name!, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
    }
    this.store.remove({ group: info.group, plural: info.plural, namespace: req.path.namespace, name: req.path.name! });
    return { status: 200, body: current };
  }

  private placeInNamespace(info: ResourceInfo, path: ResourcePath, obj: EmulatedObject): void {
    if (!info.namespaced) {
      delete obj.metadata.namespace;
      return;
    }
    if (obj.metadata.namespace && obj.metadata.namespace !== path.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = path.namespace;
  }
}

function requireObject(body: unknown): EmulatedObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the request body must be a JSON object');
  const obj = body as EmulatedObject;
  if (typeof obj.metadata !== 'object' || obj.metadata === null) obj.metadata = {};
  return obj;
}

function notFoundRoute() {
  return failure(404, 'NotFound', 'the server could not find the requested resource');
}

function randomSuffix(): string {
  return Array.from({ length: 5 }, () => NAME_ALPHABET[randomInt(NAME_ALPHABET.length)]).join('');
}
