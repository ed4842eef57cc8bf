import { ifNameProblem, invalidConfig } from '@plexus/cni-spec';
import { checkKnownKeys, readObject, readStringList } from '@plexus/json-fields';
import type { MultiNicOptions } from './dispatcher-config';

const MULTI_NIC_KEYS = ['hostNics', 'excludeNics'] as const;

/**
 * parseMultiNicOptions reads `multiNic: {hostNics?, excludeNics?}`. The pool itself (NICs that are up, addressed
 * and not on the default-route subnet) is discovered by the core; these only narrow it. `excludeNics` entries may
 * end in `*` to exclude a name prefix.
 */
export function parseMultiNicOptions(raw: unknown): MultiNicOptions {
  const o = readObject(raw, 'multiNic');
  if (!o) return { excludeNics: [] };
  checkKnownKeys(o, 'multiNic', MULTI_NIC_KEYS);
  const out: MultiNicOptions = { excludeNics: readNics(o.excludeNics, 'multiNic.excludeNics', true) ?? [] };
  const hostNics = readNics(o.hostNics, 'multiNic.hostNics', false);
  if (hostNics) {
    if (!hostNics.length) throw invalidConfig('multiNic.hostNics', 'is empty: leave it out to use every qualifying NIC');
    const excluded = hostNics.find((n) => matchesNicPattern(out.excludeNics, n));
    if (excluded) throw invalidConfig('multiNic.hostNics', `"${excluded}" is also excluded by multiNic.excludeNics`);
    out.hostNics = hostNics;
  }
  return out;
}

/** matchesNicPattern tells whether a NIC name matches one of the `excludeNics` entries (exact or `prefix*`). */
export function matchesNicPattern(patterns: readonly string[], nic: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? nic.startsWith(p.slice(0, -1)) : nic === p));
}

function readNics(v: unknown, field: string, allowWildcard: boolean): string[] | undefined {
  const list = readStringList(v, field);
  list?.forEach((name, i) => {
    const bare = allowWildcard && name.endsWith('*') ? name.slice(0, -1) : name;
    // A lone "*" would exclude everything; say so instead of producing an empty pool at ADD time.
    const problem = bare === '' && allowWildcard ? 'would match every NIC' : ifNameProblem(bare);
    if (problem) throw invalidConfig(`${field}[${i}]`, `"${name}" ${problem}`);
    const first = list.indexOf(name);
    if (first !== i) throw invalidConfig(`${field}[${i}]`, `"${name}" is listed twice`);
  });
  return list;
}
