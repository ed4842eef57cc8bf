/** Metadata every Kubernetes object carries (the fields Plexus reads or writes; timestamps as RFC 3339 strings). */
export interface ObjectMeta {
  name?: string;
  /** Server-generated name prefix, used when `name` is empty (POST only). */
  generateName?: string;
  namespace?: string;
  uid?: string;
  /** Opaque version for optimistic concurrency: send it back on replace, the server rejects a stale one. */
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

/** A reference from a dependent object to its owner (garbage collection follows these). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Any Kubernetes object as plain JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** The parts of a Pod that CNI plugins use. */
export interface Pod extends KubeObject {
  spec?: { nodeName?: string; [field: string]: unknown };
  status?: { phase?: string; podIP?: string; podIPs?: Array<{ ip: string }>; [field: string]: unknown };
}

/** The parts of a Node that CNI plugins use. */
export interface Node extends KubeObject {
  spec?: { podCIDR?: string; podCIDRs?: string[]; [field: string]: unknown };
  status?: { addresses?: Array<{ type: string; address: string }>; [field: string]: unknown };
}

/** A NetworkAttachmentDefinition (`k8s.cni.cncf.io/v1`): `spec.config` is a CNI conf or conflist as a JSON string. */
export interface NetworkAttachmentDefinition extends KubeObject {
  spec?: { config?: string; [field: string]: unknown };
}

/** Names a resource type in an API group; the generic object methods take one. */
export interface ResourceType {
  /** API group, e.g. `k8s.cni.cncf.io` (custom resources always have one). */
  group: string;
  version: string;
  /** The plural resource name used in URLs, e.g. `network-attachment-definitions`. */
  plural: string;
  /** The object kind, filled into created objects that lack it. */
  kind: string;
}

/** Identifies one object: cluster-scoped objects have no namespace. */
export interface ObjectKey {
  name: string;
  namespace?: string;
}

/** Filters for a list call. */
export interface ListOptions {
  /** Namespace to list in; omitted = cluster-scoped resource, or all namespaces of a namespaced one. */
  namespace?: string;
  /** A Kubernetes label selector: `a=b,c!=d,e in (x,y),f notin (z),g,!h`. */
  labelSelector?: string;
}

/** Optimistic preconditions for a delete: the server refuses (ConflictError) when the object has moved on. */
export interface DeletePreconditions {
  resourceVersion?: string;
  uid?: string;
}

/** An Event about a pod (core/v1), e.g. reason `AddedInterface` like Multus emits. */
export interface PodEvent {
  pod: { namespace: string; name: string; uid?: string };
  /** CamelCase machine-readable reason, e.g. `AddedInterface`. */
  reason: string;
  message: string;
  /** Defaults to `Normal`. */
  type?: 'Normal' | 'Warning';
  /** Reporting component (`source.component`), defaults to `plexus`. */
  component?: string;
  /** Node name reported as `source.host`. */
  host?: string;
}

/** The NetworkAttachmentDefinition resource of the Network Plumbing WG spec. */
export const NETWORK_ATTACHMENT_DEFINITIONS: ResourceType = {
  group: 'k8s.cni.cncf.io',
  version: 'v1',
  plural: 'network-attachment-definitions',
  kind: 'NetworkAttachmentDefinition',
};
