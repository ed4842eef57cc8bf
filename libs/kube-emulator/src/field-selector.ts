import { badRequest } from './status';
import type { EmulatedObject } from './types';

/**
 * compileFieldSelector handles `fieldSelector` clauses `path=value`, `path==value`, `path!=value` joined by commas,
 * where path is a dotted field such as `metadata.name`, `metadata.namespace` or `spec.nodeName`. (The real server
 * allows a per-kind subset; any dotted path is a superset that keeps tests honest about the values.)
 */
export function compileFieldSelector(selector: string): (obj: EmulatedObject) => boolean {
  if (selector.trim() === '') return () => true;
  const clauses = selector.split(',').map((c) => {
    const m = c.trim().match(/^([\w.]+)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid field selector "${selector}": cannot parse "${c}"`);
    return { path: m[1]!.split('.'), negate: m[2] === '!=', value: m[3]!.trim() };
  });
  return (obj) =>
    clauses.every((c) => {
      const v = c.path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
      const s = v === undefined || v === null ? '' : String(v);
      return c.negate ? s !== c.value : s === c.value;
    });
}
