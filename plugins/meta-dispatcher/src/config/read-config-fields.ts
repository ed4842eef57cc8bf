import { invalidConfig } from '@plexus/cni-spec';
import { jsonTypeOf, readString, readStringList } from '@plexus/json-fields';
import { dnsLabelProblem } from './kube-names';

/** readAbsolutePath reads an optional string that must be an absolute path without NUL bytes. */
export function readAbsolutePath(v: unknown, field: string): string | undefined {
  const s = readString(v, field);
  if (s === undefined || s === '') return undefined;
  if (!s.startsWith('/')) throw invalidConfig(field, `"${s}" must be an absolute path`);
  if (s.includes('\0')) throw invalidConfig(field, 'must not contain NUL bytes');
  return s;
}

/** readMillis reads an optional whole number of milliseconds in [min, max]. */
export function readMillis(v: unknown, field: string, min: number, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw invalidConfig(field, `must be a whole number of milliseconds from ${min} to ${max}, got ${jsonTypeOf(v)}`);
  }
  return v;
}

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

/** checkKnownKeys refuses keys a nested config object does not define (a typo must not be ignored silently). */
export function checkKnownKeys(o: Record<string, unknown>, field: string, known: readonly string[]): void {
  const unknown = Object.keys(o).find((k) => !known.includes(k));
  if (unknown !== undefined) throw invalidConfig(`${field}.${unknown}`, `unknown key (known keys: ${known.join(', ')})`);
}
