/** Object metadata as the emulator stores it. */
export interface EmulatedMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** Any stored object, as JSON. */
export interface EmulatedObject {
  apiVersion?: string;
  kind?: string;
  metadata: EmulatedMeta;
  [field: string]: unknown;
}

/** A resource type the emulator knows (core kinds are built in; custom resources may be registered). */
export interface ResourceInfo {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** Subresources served besides the object itself, e.g. ['status'] (then writes to the object keep the old status). */
  subresources?: string[];
}

/** What a REST path addresses. */
export interface ResourcePath {
  group: string;
  version: string;
  plural: string;
  /** Set for /namespaces/<ns>/… paths. */
  namespace?: string;
  name?: string;
  subresource?: string;
}
