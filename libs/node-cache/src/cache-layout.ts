import type { ResourceType } from '@plexus/kube-model';

/**
 * The cache's files under its root (default /run/plexus/cache, a tmpfs):
 *   agent.json                                    heartbeat + which resources are synced, at which resourceVersion
 *   objects/<group|core>/<plural>/<ns|_>/<name>.json   one object, as the API returned it (with resourceVersion)
 * One file per object so a reader opens exactly what it needs, and every file is replaced atomically.
 */
export const AGENT_STATE_FILE = 'agent.json';

/** The resource key in agent.json: `<group|core>/<plural>`. */
export function resourceKey(type: Pick<ResourceType, 'group' | 'plural'>): string {
  return `${type.group || 'core'}/${type.plural}`;
}

/** resourceDir is where one resource's objects live. */
export function resourceDir(root: string, type: Pick<ResourceType, 'group' | 'plural'>): string {
  return `${root}/objects/${resourceKey(type)}`;
}

/**
 * objectPath is one object's file. Names and namespaces are DNS labels/subdomains (no `/`), but they come from the
 * API and the pod's CNI_ARGS: anything else is refused rather than turned into a path.
 */
export function objectPath(root: string, type: Pick<ResourceType, 'group' | 'plural'>, namespace: string | undefined, name: string): string | undefined {
  const safe = (s: string) => /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/.test(s) && !s.includes('..');
  if (!safe(name) || (namespace !== undefined && namespace !== '' && !safe(namespace))) return undefined;
  return `${resourceDir(root, type)}/${namespace || '_'}/${name}.json`;
}

/** What agent.json holds. */
export interface AgentState {
  /** When the agent last wrote this file (ISO); a reader trusts the cache only while this is recent. */
  heartbeatAt: string;
  /** Resources whose informer has listed and is watching, by resourceKey, with the last resourceVersion seen. */
  synced: Record<string, string>;
}
