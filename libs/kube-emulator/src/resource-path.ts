import type { ResourcePath } from './types';

// Subresources of a namespace object itself (/api/v1/namespaces/<ns>/status), not a collection named "status".
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/**
 * parseResourcePath maps a REST path to what it addresses: `/api/v1/[namespaces/<ns>/]<plural>[/<name>[/<sub>]]`
 * and `/apis/<group>/<version>/[namespaces/<ns>/]<plural>[/<name>[/<sub>]]`. Undefined for anything else
 * (discovery documents and unknown paths are handled elsewhere).
 */
export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    group = '';
    version = segs[1]!;
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1]!;
    version = segs[2]!;
    rest = segs.slice(3);
  } else return undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && group === '' && NAMESPACE_SUBRESOURCES.has(rest[2]!))) {
    const [, namespace, plural, name, subresource, ...extra] = rest;
    if (extra.length) return undefined;
    return { group, version, plural: plural!, namespace, name, subresource };
  }
  const [plural, name, subresource, ...extra] = rest;
  if (extra.length) return undefined;
  return { group, version, plural: plural!, name, subresource };
}
