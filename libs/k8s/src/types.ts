import type { KubeObject, ResourceType } from '@plexus/kube-model';

// The shapes the API emulator shares live in the pure libs/kube-model; re-exported so callers keep one import.
export type { KubeObject, ObjectMeta, OwnerReference, ResourceType } from '@plexus/kube-model';

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

/** The core Pod resource. */
export const PODS: ResourceType = { group: '', version: 'v1', plural: 'pods', kind: 'Pod' };

/** The NetworkAttachmentDefinition resource of the Network Plumbing WG spec. */
export const NETWORK_ATTACHMENT_DEFINITIONS: ResourceType = {
  group: 'k8s.cni.cncf.io',
  version: 'v1',
  plural: 'network-attachment-definitions',
  kind: 'NetworkAttachmentDefinition',
};
