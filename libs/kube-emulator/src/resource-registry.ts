import { CORE_RESOURCES, WELL_KNOWN_CUSTOM_RESOURCES } from './core-resources';
import type { ResourceInfo } from './types';

/**
 * ResourceRegistry knows each served resource's kind and scope. Core kinds and the NAD are built in; any other
 * custom resource is served too, and registered on its first create (scope from that URL, kind from the body), the
 * way installing a CRD would.
 */
export class ResourceRegistry {
  private readonly byKey = new Map<string, ResourceInfo>();

  constructor(extra: ResourceInfo[] = []) {
    for (const r of [...CORE_RESOURCES, ...WELL_KNOWN_CUSTOM_RESOURCES, ...extra]) this.register(r);
  }

  register(r: ResourceInfo): void {
    this.byKey.set(key(r.group, r.version, r.plural), { ...r });
  }

  lookup(group: string, version: string, plural: string): ResourceInfo | undefined {
    return this.byKey.get(key(group, version, plural));
  }

  /** findByKind maps an object's apiVersion/kind to its resource (for seeding objects from a file). */
  findByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    return this.all().find((r) => (r.group ? `${r.group}/${r.version}` : r.version) === apiVersion && r.kind === kind);
  }

  all(): ResourceInfo[] {
    return [...this.byKey.values()];
  }
}

function key(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}

/** apiVersionOf is `v1` for the core group and `group/version` otherwise. */
export function apiVersionOf(r: Pick<ResourceInfo, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}
