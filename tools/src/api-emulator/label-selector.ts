import { badRequest } from './status';

/** One parsed clause of a label selector. */
interface Requirement {
  key: string;
  op: 'exists' | 'not-exists' | '=' | '!=' | 'in' | 'notin';
  values: string[];
}

// The emulator keeps its own copy of the selector grammar (libs/k8s has the client-side one): libs/k8s's specs
// start this emulator, so the emulator must not depend on libs/k8s (the project graph would get a cycle).

/**
 * compileLabelSelector turns a `labelSelector` query value into a predicate over an object's labels, with the
 * apiserver's semantics: `a=b`/`a==b`, `a!=b` (absent matches), `a in (x,y)`, `a notin (x)` (absent matches),
 * `a`, `!a`; comma = AND. A malformed selector is a 400 like the real server's.
 */
export function compileLabelSelector(selector: string): (labels: Record<string, string> | undefined) => boolean {
  const reqs = selector.trim() === '' ? [] : splitClauses(selector).map((c) => parseClause(c.trim(), selector));
  return (labels) => reqs.every((r) => matches(r, labels ?? {}));
}

function parseClause(c: string, selector: string): Requirement {
  let m: RegExpMatchArray | null;
  if ((m = c.match(/^([\w./-]+)\s+(in|notin)\s*\(([^()]*)\)$/))) {
    return { key: m[1]!, op: m[2] as 'in' | 'notin', values: m[3]!.split(',').map((v) => v.trim()) };
  }
  if ((m = c.match(/^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/))) return { key: m[1]!, op: m[2] === '!=' ? '!=' : '=', values: [m[3]!] };
  if ((m = c.match(/^!\s*([\w./-]+)$/))) return { key: m[1]!, op: 'not-exists', values: [] };
  if ((m = c.match(/^([\w./-]+)$/))) return { key: m[1]!, op: 'exists', values: [] };
  throw badRequest(`unable to parse requirement: "${c}" in label selector "${selector}"`);
}

function matches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key]!;
  switch (r.op) {
    case 'exists':
      return has;
    case 'not-exists':
      return !has;
    case '=':
      return has && v === r.values[0];
    case '!=':
      return !has || v !== r.values[0];
    case 'in':
      return has && r.values.includes(v);
    case 'notin':
      return !has || !r.values.includes(v);
  }
}

function splitClauses(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) throw badRequest(`unbalanced parentheses in label selector "${s}"`);
  out.push(cur);
  return out;
}
