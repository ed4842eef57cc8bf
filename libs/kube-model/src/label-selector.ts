/** One clause of a label selector. */
export interface LabelRequirement {
  key: string;
  op: 'exists' | 'not-exists' | '=' | '!=' | 'in' | 'notin';
  values: string[];
}

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/**
 * parseLabelSelector parses the Kubernetes label-selector string syntax (`a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x)`, `a`, `!a`, comma-separated = AND). Throws an Error naming the selector when it is malformed.
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  const fail = (why: string): never => {
    throw new Error(`invalid label selector "${selector}": ${why}`);
  };
  const out: LabelRequirement[] = [];
  for (const clause of splitTopLevel(selector, fail)) {
    const c = clause.trim();
    if (c === '') {
      if (selector.trim() === '') continue;
      fail('empty requirement');
    }
    let m: RegExpMatchArray | null;
    if ((m = c.match(/^(\S+?)\s+(in|notin)\s*\((.*)\)$/))) {
      const values = m[3]!.split(',').map((v) => v.trim());
      if (values.some((v) => !VALUE.test(v))) fail(`bad value in "${c}"`);
      out.push({ key: checkKey(m[1]!, fail), op: m[2] as 'in' | 'notin', values });
    } else if ((m = c.match(/^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/))) {
      if (!VALUE.test(m[3]!)) fail(`bad value in "${c}"`);
      out.push({ key: checkKey(m[1]!, fail), op: m[2] === '!=' ? '!=' : '=', values: [m[3]!] });
    } else if ((m = c.match(/^!\s*(\S+)$/))) {
      out.push({ key: checkKey(m[1]!, fail), op: 'not-exists', values: [] });
    } else if (/^\S+$/.test(c)) {
      out.push({ key: checkKey(c, fail), op: 'exists', values: [] });
    } else {
      fail(`cannot parse "${c}"`);
    }
  }
  return out;
}

/** matchesLabelSelector tells whether labels satisfy every requirement (absent keys satisfy `!=` and `notin`). */
export function matchesLabelSelector(reqs: readonly LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
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
        return has && r.values.includes(v!);
      case 'notin':
        return !has || !r.values.includes(v!);
    }
  });
}

/** splitTopLevel splits on commas outside parentheses (set values contain commas). */
function splitTopLevel(s: string, fail: (why: string) => never): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0 || depth > 1) fail('unbalanced parentheses');
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) fail('unbalanced parentheses');
  parts.push(cur);
  return parts;
}

function checkKey(key: string, fail: (why: string) => never): string {
  if (!KEY.test(key)) fail(`bad key "${key}"`);
  return key;
}
