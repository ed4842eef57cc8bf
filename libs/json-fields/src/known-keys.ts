import { FieldProblem } from './field-problem';
import { isJsonObject, jsonTypeOf, type JsonObject } from './json-value';

/**
 * checkKnownKeys refuses the first key of a nested config object that it does not define, naming it
 * (`<field>.<key>`): a typo such as `gateway` for `gw` must not pass silently.
 */
export function checkKnownKeys(o: JsonObject, field: string, known: readonly string[]): void {
  const unknown = Object.keys(o).find((k) => !known.includes(k));
  if (unknown !== undefined) throw new FieldProblem(`${field}.${unknown}`, `unknown key (known keys: ${known.join(', ')})`);
}

/** readKnownObject reads a required object (a list entry, say) that may hold only the known keys. */
export function readKnownObject(v: unknown, field: string, known: readonly string[]): JsonObject {
  if (!isJsonObject(v)) throw new FieldProblem(field, `must be an object, got ${jsonTypeOf(v)}`);
  checkKnownKeys(v, field, known);
  return v;
}
