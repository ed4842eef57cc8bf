/** One RFC 6902 operation. */
export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

/** JsonPatchError: an operation could not be applied (bad path, failed test). */
export class JsonPatchError extends Error {
  override name = 'JsonPatchError';
}

/** applyJsonPatch applies RFC 6902 operations to a copy of `doc`; any failure rejects the whole patch. */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new JsonPatchError('a JSON patch must be an array of operations');
  let out = structuredClone(doc);
  for (const op of ops as JsonPatchOp[]) out = applyOne(out, op);
  return out;
}

function applyOne(doc: unknown, op: JsonPatchOp): unknown {
  switch (op.op) {
    case 'add':
      return put(doc, parsePointer(op.path), structuredClone(op.value), 'add');
    case 'replace':
      return put(doc, parsePointer(op.path), structuredClone(op.value), 'replace');
    case 'remove':
      return remove(doc, parsePointer(op.path));
    case 'copy':
      return put(doc, parsePointer(op.path), structuredClone(get(doc, parsePointer(need(op.from, op)))), 'add');
    case 'move': {
      const from = parsePointer(need(op.from, op));
      const value = get(doc, from);
      return put(remove(doc, from), parsePointer(op.path), value, 'add');
    }
    case 'test':
      if (JSON.stringify(get(doc, parsePointer(op.path))) !== JSON.stringify(op.value)) throw new JsonPatchError(`test failed at "${op.path}"`);
      return doc;
    default:
      throw new JsonPatchError(`unknown op "${(op as { op?: unknown }).op}"`);
  }
}

function need(from: string | undefined, op: JsonPatchOp): string {
  if (from === undefined) throw new JsonPatchError(`"${op.op}" needs "from"`);
  return from;
}

/** parsePointer splits an RFC 6901 pointer ("/metadata/labels/a~1b" → ["metadata","labels","a/b"]). */
function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new JsonPatchError(`bad path "${p}"`);
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(doc: unknown, path: string[]): unknown {
  let cur = doc;
  for (const k of path) {
    if (Array.isArray(cur) && /^\d+$/.test(k) && Number(k) < cur.length) cur = cur[Number(k)];
    else if (isObject(cur) && Object.prototype.hasOwnProperty.call(cur, k)) cur = cur[k];
    else throw new JsonPatchError(`path "/${path.join('/')}" does not exist`);
  }
  return cur;
}

function put(doc: unknown, path: string[], value: unknown, mode: 'add' | 'replace'): unknown {
  if (path.length === 0) return value;
  const parent = get(doc, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(i) || i < 0 || i > parent.length || (mode === 'replace' && i >= parent.length)) throw new JsonPatchError(`bad array index "${key}"`);
    if (mode === 'add') parent.splice(i, 0, value);
    else parent[i] = value;
  } else if (isObject(parent)) {
    if (mode === 'replace' && !Object.prototype.hasOwnProperty.call(parent, key)) throw new JsonPatchError(`path "/${path.join('/')}" does not exist`);
    parent[key] = value;
  } else throw new JsonPatchError(`cannot add to a scalar at "/${path.join('/')}"`);
  return doc;
}

function remove(doc: unknown, path: string[]): unknown {
  if (path.length === 0) throw new JsonPatchError('cannot remove the whole document');
  const parent = get(doc, path.slice(0, -1));
  const key = path[path.length - 1]!;
  get(doc, path);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete (parent as Record<string, unknown>)[key];
  return doc;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
