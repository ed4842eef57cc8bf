/**
 * applyMergePatch implements RFC 7386 JSON Merge Patch: objects merge recursively, `null` deletes a key, anything
 * else (arrays included) replaces. The emulator also serves strategic-merge-patch with it: for the fields Plexus
 * patches (metadata maps) the two agree.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
