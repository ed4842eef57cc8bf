import { invalidConfig } from '@plexus/cni-spec';
import { readString, readStringList } from '@plexus/json-fields';
import { dnsLabelProblem } from './kube-names';

// Only the dispatcher's own readers live here: namespaces are a Kubernetes notion. Generic JSON readers
// (readWholeNumber with a unit, checkKnownKeys) are @plexus/json-fields', path readers @plexus/cni-spec's.

/** readNamespace reads an optional namespace name (a DNS label). */
export function readNamespace(v: unknown, field: string): string | undefined {
  const s = readString(v, field);
  if (s === undefined) return undefined;
  const problem = dnsLabelProblem(s);
  if (problem) throw invalidConfig(field, `namespace "${s}" ${problem}`);
  return s;
}

/**
 * readNamespaceList reads a list of namespaces; with `commaString` a string is split on commas too (Multus'
 * `globalNamespaces` is a comma-separated string).
 */
export function readNamespaceList(v: unknown, field: string, opts: { commaString?: boolean } = {}): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const list = typeof v === 'string' && opts.commaString ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : readStringList(v, field);
  return list?.map((ns, i) => {
    const problem = dnsLabelProblem(ns);
    if (problem) throw invalidConfig(Array.isArray(v) ? `${field}[${i}]` : field, `namespace "${ns}" ${problem}`);
    return ns;
  });
}
