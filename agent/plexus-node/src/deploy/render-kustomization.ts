import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are arbitrary JSON
type Obj = Record<string, any>;

/** Kinds a kustomization `namespace` does not apply to (cluster-scoped). */
const CLUSTER_SCOPED = new Set(['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding']);

/**
 * renderKustomization applies the subset of kustomize that deploy/kustomization.yaml uses — `resources` (files),
 * `namespace`, `labels[].pairs` (metadata only) and `images[].newTag` — so the tests need no kubectl binary. Any
 * other field is refused, so the renderer cannot silently diverge from `kubectl kustomize`.
 */
export function renderKustomization(path: string): Obj[] {
  const k = parse(readFileSync(path, 'utf8')) as Obj;
  const known = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'labels', 'images']);
  const unknown = Object.keys(k).filter((key) => !known.has(key));
  if (unknown.length) throw new Error(`renderKustomization: unsupported field(s) ${unknown.join(', ')}`);
  const objects = (k.resources as string[]).flatMap((file) =>
    parseAllDocuments(readFileSync(join(dirname(path), file), 'utf8'))
      .map((d) => d.toJSON() as Obj)
      .filter(Boolean),
  );
  for (const o of objects) {
    if (k.namespace && !CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
    for (const l of (k.labels ?? []) as Obj[]) {
      if (l.includeSelectors || l.includeTemplates) throw new Error('renderKustomization: labels with includeSelectors/includeTemplates are not supported');
      o.metadata.labels = { ...(o.metadata.labels ?? {}), ...l.pairs };
    }
    for (const c of (o.spec?.template?.spec?.containers ?? []) as Obj[]) {
      for (const img of (k.images ?? []) as Obj[]) if (c.image === img.name) c.image = `${img.newName ?? img.name}:${img.newTag}`;
    }
  }
  return objects;
}
