/** A decoded JSON object. */
export type JsonObject = Record<string, unknown>;

/** isJsonObject tells whether a decoded JSON value is an object (not null, not an array). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** jsonTypeOf names a decoded JSON value's type for error messages (`a list`, `an object`, `string "x"`, `null`). */
export function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}
