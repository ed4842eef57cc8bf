import type { RuleSpec } from './kernel-objects';
import { parseJsonArray } from './parse-links';
import { parseTable } from './parse-routes';

interface IpRuleJson {
  priority?: number;
  src?: string;
  srclen?: number;
  dst?: string;
  dstlen?: number;
  table?: string;
}

/**
 * parseRules turns `ip -N -json rule show` output into RuleSpecs. iproute2 prints a selector as an address plus
 * an optional length ("src":"10.0.0.5","srclen":24), omits the length for a full-length prefix and prints "all"
 * for no selector; the kernel keeps host bits (`from 10.0.0.5/24` stays 10.0.0.5/24), and so do we.
 */
export function parseRules(json: string, family: 4 | 6): RuleSpec[] {
  return parseJsonArray<IpRuleJson>(json, 'rule show').map((r) => {
    const rule: RuleSpec = { family, table: parseTable(r.table) ?? 0 };
    const from = selector(r.src, r.srclen, family);
    if (from) rule.from = from;
    const to = selector(r.dst, r.dstlen, family);
    if (to) rule.to = to;
    if (r.priority !== undefined) rule.priority = r.priority;
    return rule;
  });
}

function selector(addr: string | undefined, len: number | undefined, family: 4 | 6): string | undefined {
  if (addr === undefined || addr === 'all') return undefined;
  return `${addr}/${len ?? (family === 4 ? 32 : 128)}`;
}
