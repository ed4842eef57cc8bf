import { FieldProblem } from './field-problem';
import { isJsonObject, jsonTypeOf, type JsonObject } from './json-value';

// The readers below treat `null` like an absent key, as Go's encoding/json does for slices, pointers and strings,
// and throw a FieldProblem (code 7 naming the field) for a value of the wrong JSON type.

/** readObject returns an optional object field. */
export function readObject(v: unknown, field: string): JsonObject | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isJsonObject(v)) throw new FieldProblem(field, `must be an object, got ${jsonTypeOf(v)}`);
  return v;
}

/** readList returns an optional list field. */
export function readList(v: unknown, field: string): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new FieldProblem(field, `must be a list, got ${jsonTypeOf(v)}`);
  return v;
}

/** readString returns an optional string field. */
export function readString(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new FieldProblem(field, `must be a string, got ${jsonTypeOf(v)}`);
  return v;
}

/** readStringList returns an optional list of strings, naming the first bad entry by index. */
export function readStringList(v: unknown, field: string): string[] | undefined {
  const list = readList(v, field);
  return list?.map((item, i) => {
    if (typeof item !== 'string') throw new FieldProblem(`${field}[${i}]`, `must be a string, got ${jsonTypeOf(item)}`);
    return item;
  });
}

/** readBoolean returns an optional boolean field. */
export function readBoolean(v: unknown, field: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new FieldProblem(field, `must be true or false, got ${jsonTypeOf(v)}`);
  return v;
}
