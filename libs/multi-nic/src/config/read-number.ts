import { invalidConfig } from '@plexus/cni-spec';
import { jsonTypeOf } from '@plexus/ipam-config';

/**
 * readWholeNumber returns an optional integer field within `min..max`; absent or null gives undefined. A JSON
 * number is required (Go's decoder refuses "2" for an int), except where `allowString` accepts Multus `cni-args`,
 * which often arrive as strings.
 */
export function readWholeNumber(v: unknown, field: string, min: number, max: number, allowString = false): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = allowString && typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw invalidConfig(field, `must be a whole number from ${min} to ${max}, got ${jsonTypeOf(v)}`);
  }
  return n;
}
