import { apiVersionOf, type ResourceRegistry } from './resource-registry';

/**
 * discoveryDocument answers the discovery paths clients probe (`/version`, `/api`, `/api/v1`, `/apis`,
 * `/apis/<group>/<version>`); undefined for any other path. Only what kubectl-style clients need to find resources.
 */
export function discoveryDocument(pathname: string, registry: ResourceRegistry): unknown {
  const path = pathname.replace(/\/+$/, '') || '/';
  const resources = registry.all();
  if (path === '/version') return { major: '1', minor: '31', gitVersion: 'v1.31.0-plexus-emulator', platform: `${process.platform}/${process.arch}` };
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
  if (path === '/apis') {
    const groups = new Map<string, Set<string>>();
    for (const r of resources) if (r.group) groups.set(r.group, (groups.get(r.group) ?? new Set()).add(r.version));
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups].map(([name, versions]) => {
        const vs = [...versions].map((version) => ({ groupVersion: `${name}/${version}`, version }));
        return { name, versions: vs, preferredVersion: vs[0] };
      }),
    };
  }
  const m = path.match(/^\/api\/(v1)$/) ?? path.match(/^\/apis\/([^/]+\/[^/]+)$/);
  if (!m) return undefined;
  const groupVersion = m[1]!;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: resources
      .filter((r) => apiVersionOf(r) === groupVersion)
      .flatMap((r) => [
        { name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'] },
        ...(r.subresources ?? []).map((s) => ({ name: `${r.plural}/${s}`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] })),
      ]),
  };
}
