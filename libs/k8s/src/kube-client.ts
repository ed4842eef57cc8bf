import type {
  DeletePreconditions,
  KubeObject,
  ListOptions,
  NetworkAttachmentDefinition,
  Node,
  ObjectKey,
  Pod,
  PodEvent,
  ResourceType,
} from './types';

/**
 * KubeClient is everything Plexus asks of the Kubernetes API. Every call is bounded in time and retried on transient
 * failures; then it throws a code-11 CniError naming the operation and object. A missing object is a typed
 * NotFoundError, a lost create race an AlreadyExistsError, a stale resourceVersion a ConflictError; a kubeconfig
 * that cannot be used is a code-7 CniError naming `kubeconfig`.
 */
export interface KubeClient {
  /**
   * getPod reads a pod (CNI_ARGS K8S_POD_NAMESPACE/K8S_POD_NAME). `expect.uid` is the K8S_POD_UID the runtime passed:
   * a cache in front of the API may answer only with a pod of that UID (the API itself ignores it).
   */
  getPod(namespace: string, name: string, expect?: { uid?: string | undefined }): Promise<Pod>;
  /**
   * patchPodAnnotations merge-patches annotations through the `pods/status` subresource (what a CNI plugin's RBAC
   * grants, as for Multus' network-status); a `null` value removes the key. Retried on 409.
   */
  patchPodAnnotations(namespace: string, name: string, annotations: Record<string, string | null>): Promise<Pod>;
  /** createPodEvent records a core/v1 Event whose involvedObject is the pod. */
  createPodEvent(event: PodEvent): Promise<void>;
  /** getNode reads a node by name. */
  getNode(name: string): Promise<Node>;
  /** listNodes lists nodes, optionally by label selector. */
  listNodes(opts?: Pick<ListOptions, 'labelSelector'>): Promise<Node[]>;
  /** getNetworkAttachmentDefinition reads one NAD. */
  getNetworkAttachmentDefinition(namespace: string, name: string): Promise<NetworkAttachmentDefinition>;
  /** listNetworkAttachmentDefinitions lists NADs in a namespace (all namespaces when omitted). */
  listNetworkAttachmentDefinitions(opts?: ListOptions): Promise<NetworkAttachmentDefinition[]>;
  /** getObject reads one custom object. */
  getObject<T extends KubeObject = KubeObject>(type: ResourceType, key: ObjectKey): Promise<T>;
  /** listObjects lists custom objects. */
  listObjects<T extends KubeObject = KubeObject>(type: ResourceType, opts?: ListOptions): Promise<T[]>;
  /**
   * createObject creates a custom object if absent (namespace from `metadata.namespace`); throws AlreadyExistsError
   * when it exists, so exactly one of several racing creators wins. `apiVersion`/`kind` default from `type`.
   * The object type is given explicitly (`createObject<HostIndexClaim>(…)`), never inferred from the literal.
   */
  createObject<T extends KubeObject = KubeObject>(type: ResourceType, obj: NoInfer<T>): Promise<T>;
  /** replaceObject writes a whole object; `metadata.resourceVersion` is required and a stale one is a ConflictError. */
  replaceObject<T extends KubeObject = KubeObject>(type: ResourceType, obj: NoInfer<T>): Promise<T>;
  /** deleteObject deletes a custom object; absent → NotFoundError, failed precondition → ConflictError. */
  deleteObject(type: ResourceType, key: ObjectKey, preconditions?: DeletePreconditions): Promise<void>;
  /** apiCallCount is how many HTTP requests this client has sent (retries included): "apiserver calls per ADD". */
  apiCallCount(): number;
}
