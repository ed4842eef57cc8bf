// The object shapes both sides of the wire agree on: the client (libs/k8s) reads and writes them, the API emulator
// (libs/kube-emulator) stores and serves them. They live here, not in libs/k8s, because the emulator must not
// depend on libs/k8s (libs/k8s's specs start the emulator, so the project graph would get a cycle).

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

/** Names a resource type in an API group; the generic object methods take one. */
export interface ResourceType {
  /** API group: '' for the core group, e.g. `k8s.cni.cncf.io` for a custom resource (those always have one). */
  group: string;
  version: string;
  /** The plural resource name used in URLs, e.g. `network-attachment-definitions`. */
  plural: string;
  /** The object kind, filled into created objects that lack it. */
  kind: string;
}
