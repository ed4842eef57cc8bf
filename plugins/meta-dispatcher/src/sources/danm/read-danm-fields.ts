import { parseCidr, parseIp, formatCidr, formatIp, isHostBitsZero, networkOf, type Family } from '@plexus/ip';
import { FieldProblem, isJsonObject, jsonTypeOf } from '@plexus/json-fields';
import type { DanmRoute } from '../../plan/danm-network';

/** readNetworkCidr reads a network CIDR of a family with host bits zero; returns canonical text. */
export function readNetworkCidr(v: unknown, field: string, family: Family): string {
  if (typeof v !== 'string') throw new FieldProblem(field, `must be a CIDR string, got ${jsonTypeOf(v)}`);
  const c = parseCidr(v.trim());
  if (!c || c.family !== family) throw new FieldProblem(field, `"${v}" is not an IPv${family} CIDR`);
  if (!isHostBitsZero(c)) throw new FieldProblem(field, `"${v}" has host bits set (the network is ${formatCidr(networkOf(c))})`);
  return formatCidr(c);
}

/** readAddress reads an address of a family; a `/prefix` suffix is tolerated and dropped (DANM does the same). */
export function readAddress(v: unknown, field: string, family: Family): string {
  if (typeof v !== 'string') throw new FieldProblem(field, `must be an IPv${family} address, got ${jsonTypeOf(v)}`);
  const text = v.trim();
  const ip = parseIp(text.includes('/') ? text.slice(0, text.indexOf('/')) : text);
  if (!ip || (text.includes('/') && !parseCidr(text)) || ip.family !== family) throw new FieldProblem(field, `"${v}" is not an IPv${family} address`);
  return formatIp(ip.family, ip.value);
}

/**
 * readRouteMap reads DANM's route maps `{"<dst CIDR>": "<gateway>"}`; `family` restricts both when given (pod
 * `proutes` are v4, `proutes6` v6), else each entry's family comes from its destination.
 */
export function readRouteMap(v: unknown, field: string, family?: Family): DanmRoute[] {
  if (v === undefined || v === null) return [];
  if (!isJsonObject(v)) throw new FieldProblem(field, `must be an object {"<destination CIDR>": "<gateway>"}, got ${jsonTypeOf(v)}`);
  return Object.entries(v).map(([dstText, gwText]) => {
    const f = `${field}["${dstText}"]`;
    const c = parseCidr(dstText.trim());
    if (!c || (family !== undefined && c.family !== family)) throw new FieldProblem(f, `"${dstText}" is not an IPv${family ?? '4 or IPv6'} destination CIDR`);
    if (!isHostBitsZero(c)) throw new FieldProblem(f, `"${dstText}" has host bits set (the network is ${formatCidr(networkOf(c))})`);
    return { family: c.family, dst: formatCidr(c), gw: readAddress(gwText, f, c.family) };
  });
}

/**
 * checkKnownFields refuses unknown keys (DANM decodes with DisallowUnknownFields). Unlike json-fields'
 * checkKnownKeys it speaks of "fields", as DANM's own error does, and takes '' for a document's top level.
 */
export function checkKnownFields(o: Record<string, unknown>, field: string, known: readonly string[]): void {
  const unknown = Object.keys(o).find((k) => !known.includes(k));
  if (unknown !== undefined) throw new FieldProblem(unknown, `unknown field (known: ${known.join(', ')})`).within(field);
}
