/**
 * marshalGoJson prints a value the way Go's json.Marshal prints a map[string]interface{}: object keys sorted,
 * no spaces, and `<`, `>`, `&`, U+2028, U+2029 escaped. libcni builds every plugin's stdin this way, so
 * byte-for-byte comparisons with libcni runs hold.
 */
export function marshalGoJson(value: unknown): string {
  return escapeLikeGo(JSON.stringify(sortKeys(value)));
}

/** escapeLikeGo applies Go's HTML-safe escaping; these characters only ever occur inside JSON strings. */
export function escapeLikeGo(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = sortKeys(x);
  }
  return out;
}
