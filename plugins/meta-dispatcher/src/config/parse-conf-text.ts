import { isSpecVersion, isValidNetworkName } from '@plexus/cni-spec';
import { FieldProblem, isJsonObject, jsonTypeOf } from '@plexus/json-fields';
import type { ConfList } from './conf-list';

/** Options of parseConfText. */
export interface ParseConfTextOptions {
  /** Set `name` when the document has none (Multus injects the NAD's name). */
  injectName?: string;
}

/**
 * parseConfText reads a CNI conf or conflist document (pure) and returns it as a conflist: a conflist is
 * recognised by its `plugins` key; a single conf is wrapped the way libcni's ConfListFromConf does
 * (`{cniVersion, name, plugins: [conf]}`), keeping the conf's own keys. A missing cniVersion means 0.1.0 (as for
 * stdin). Throws FieldProblem naming the field; callers turn it into a CniError that names pod and network.
 */
export function parseConfText(text: string, opts: ParseConfTextOptions = {}): ConfList {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new FieldProblem('(document)', `not JSON: ${(e as Error).message}`);
  }
  if (!isJsonObject(raw)) throw new FieldProblem('(document)', `must be a JSON object, got ${jsonTypeOf(raw)}`);
  const doc = { ...raw };
  if ((doc.name === undefined || doc.name === '') && opts.injectName !== undefined) doc.name = opts.injectName;
  if (typeof doc.name !== 'string' || doc.name === '') throw new FieldProblem('name', 'missing');
  if (!isValidNetworkName(doc.name)) throw new FieldProblem('name', `"${doc.name}" must match ^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`);
  const cniVersion = readVersion(doc.cniVersion, 'cniVersion');
  if (doc.plugins !== undefined) {
    if (!Array.isArray(doc.plugins) || doc.plugins.length === 0) throw new FieldProblem('plugins', 'must be a non-empty list');
    const plugins = doc.plugins.map((p, i) => readPlugin(p, `plugins[${i}]`));
    return { ...doc, cniVersion, name: doc.name, plugins };
  }
  const plugin = readPlugin(doc, '');
  return { cniVersion, name: doc.name, plugins: [plugin] };
}

function readVersion(v: unknown, field: string): string {
  if (v === undefined || v === '') return '0.1.0';
  if (typeof v !== 'string') throw new FieldProblem(field, `must be a string, got ${jsonTypeOf(v)}`);
  if (!isSpecVersion(v)) throw new FieldProblem(field, `"${v}" is not a CNI spec version`);
  return v;
}

function readPlugin(raw: unknown, field: string): Record<string, unknown> {
  const at = (k: string): string => (field ? `${field}.${k}` : k);
  if (!isJsonObject(raw)) throw new FieldProblem(field, `must be an object, got ${jsonTypeOf(raw)}`);
  if (typeof raw.type !== 'string' || raw.type === '') throw new FieldProblem(at('type'), 'missing: every plugin needs a type');
  // A type is looked up as a file in CNI_PATH: a path in it would run an arbitrary binary.
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(raw.type)) throw new FieldProblem(at('type'), `"${raw.type}" is not a plugin name`);
  for (const key of ['ipam', 'args', 'capabilities', 'runtimeConfig']) {
    if (raw[key] !== undefined && !isJsonObject(raw[key])) throw new FieldProblem(at(key), `must be an object, got ${jsonTypeOf(raw[key])}`);
  }
  return { ...raw };
}
