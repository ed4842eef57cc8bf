import { FieldProblem } from './field-problem';
import { jsonTypeOf } from './json-value';

/** readInteger returns an optional integer field in `min..max` ("must be an integer from min to max"). */
export function readInteger(v: unknown, field: string, min: number, max: number): number | undefined {
  return readBounded(v, v, field, min, max, 'an integer');
}

/** Options of readWholeNumber. */
export interface WholeNumberOptions {
  /**
   * Accept a string of digits too. A JSON number is required by default (Go's decoder refuses "2" for an int); Multus
   * `cni-args` often arrive as strings.
   */
  allowString?: boolean;
  /** The unit the message names: "must be a whole number of milliseconds from…". */
  unit?: string;
}

/** readWholeNumber returns an optional integer field in `min..max` ("must be a whole number [of unit] from min to max"). */
export function readWholeNumber(v: unknown, field: string, min: number, max: number, opts: WholeNumberOptions = {}): number | undefined {
  const n = opts.allowString && typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return readBounded(v, n, field, min, max, opts.unit ? `a whole number of ${opts.unit}` : 'a whole number');
}

/** readBounded checks `n` (read from `v`) is an integer in `min..max`; the message names `what` and v's type. */
function readBounded(v: unknown, n: unknown, field: string, min: number, max: number, what: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new FieldProblem(field, `must be ${what} from ${min} to ${max}, got ${jsonTypeOf(v)}`);
  }
  return n;
}
