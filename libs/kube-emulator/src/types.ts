import type { KubeObject, ObjectMeta, ResourceType } from '@plexus/kube-model';

/** Object metadata as the emulator stores it: the shared shape, plus whatever else a client sends (kept as is). */
export interface EmulatedMeta extends ObjectMeta {
  [field: string]: unknown;
}

/** Any stored object, as JSON. */
export interface EmulatedObject extends KubeObject {
  metadata: EmulatedMeta;
}

/** A resource type the emulator knows (core kinds are built in; custom resources may be registered). */
export interface ResourceInfo extends ResourceType {
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
