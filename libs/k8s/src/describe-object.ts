import type { ObjectKey, ResourceType } from './types';

/**
 * describeObject names an object the way kubectl and the API server do: `pods "default/web-0"`,
 * `network-attachment-definitions.k8s.cni.cncf.io "default/macvlan"`, `nodes "n1"`. Every error message uses it.
 */
export function describeObject(type: Pick<ResourceType, 'group' | 'plural'>, key: ObjectKey): string {
  return `${describeResource(type)} "${key.namespace ? `${key.namespace}/` : ''}${key.name}"`;
}

/** describeResource is `plural` for the core group and `plural.group` otherwise. */
export function describeResource(type: Pick<ResourceType, 'group' | 'plural'>): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

/** describeList names a list call: `network-attachment-definitions.k8s.cni.cncf.io in namespace "default"`. */
export function describeList(type: Pick<ResourceType, 'group' | 'plural'>, namespace?: string, labelSelector?: string): string {
  const where = namespace ? ` in namespace "${namespace}"` : '';
  const sel = labelSelector ? ` with labels "${labelSelector}"` : '';
  return `${describeResource(type)}${where}${sel}`;
}
