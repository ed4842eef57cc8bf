import { CniCode } from '@plexus/cni-spec';
import { confListError } from './errors';
import { marshalGoJson } from './go-json';
import { selectListVersion } from './go-version';

type Json = Record<string, unknown>;

/** One plugin object of a network: its raw JSON (unknown keys preserved) and the fields the engine reads. */
export interface PluginConfig {
  type: string;
  /** The object's own `name`, if any (only used in error messages, as libcni does). */
  name?: string;
  capabilities: Record<string, boolean>;
  raw: Json;
}

/** A network configuration list, as libcni's NetworkConfigList. */
export interface NetworkConfigList {
  name: string;
  /** The selected version (see selectListVersion). */
  cniVersion: string;
  disableCheck: boolean;
  disableGC: boolean;
  loadOnlyInlinedPlugins: boolean;
  plugins: PluginConfig[];
  /** The bytes the list was read from (what a cache or checkpoint keeps to replay it exactly). */
  bytes: string;
}

/**
 * parseConfList parses `.conflist` bytes like libcni's ConfListFromBytes: `name` required, version selection
 * from `cniVersion`/`cniVersions`, the three booleans accept true/false or "true"/"false", and `plugins` must
 * be a non-empty list unless plugins may come from elsewhere (`loadOnlyInlinedPlugins` false; the caller appends).
 */
export function parseConfList(bytes: string): NetworkConfigList {
  const raw = parseObject(bytes, 'error parsing configuration list');
  if (!('name' in raw)) throw listError('no name');
  if (typeof raw.name !== 'string') throw listError(`invalid name type ${goType(raw.name)}`);
  let cniVersion = '';
  if ('cniVersion' in raw) {
    if (typeof raw.cniVersion !== 'string') throw listError(`invalid cniVersion type ${goType(raw.cniVersion)}`);
    cniVersion = raw.cniVersion;
  }
  const list: NetworkConfigList = {
    name: raw.name,
    cniVersion: selectListVersion(cniVersion, readVersions(raw)),
    disableCheck: readBool(raw, 'disableCheck'),
    disableGC: readBool(raw, 'disableGC'),
    loadOnlyInlinedPlugins: readBool(raw, 'loadOnlyInlinedPlugins'),
    plugins: [],
    bytes,
  };
  if (!('plugins' in raw)) {
    if (list.loadOnlyInlinedPlugins) throw listError("`loadOnlyInlinedPlugins` is true, and no 'plugins' key");
    return list;
  }
  if (!Array.isArray(raw.plugins)) throw listError(`invalid 'plugins' type ${goType(raw.plugins)}`);
  if (raw.plugins.length === 0) throw listError('no plugins in list');
  raw.plugins.forEach((p, i) => {
    try {
      list.plugins.push(toPluginConfig(p));
    } catch (e) {
      throw confListError(`failed to parse plugin config ${i}: ${(e as Error).message}`);
    }
  });
  return list;
}

/** parsePluginConfig parses one plugin object (a `.conf` file). */
export function parsePluginConfig(bytes: string): PluginConfig {
  return toPluginConfig(parseObject(bytes, 'error parsing configuration'));
}

/**
 * wrapSingleConf turns a `.conf`/`.json` network into a one-plugin list as libcni's ConfListFromConf does: the
 * list is re-marshalled (sorted keys), and its bytes are what gets cached.
 */
export function wrapSingleConf(conf: PluginConfig): NetworkConfigList {
  const name = typeof conf.raw.name === 'string' ? conf.raw.name : '';
  const cniVersion = typeof conf.raw.cniVersion === 'string' ? conf.raw.cniVersion : '';
  return parseConfList(marshalGoJson({ cniVersion, name, plugins: [conf.raw] }));
}

/**
 * parseNetworkConfig reads either form a network may come in (a NAD's `spec.config`, a conf file): an object with
 * `plugins` is a conflist; anything else is a single plugin conf, wrapped. The list must have plugins.
 */
export function parseNetworkConfig(bytes: string): NetworkConfigList {
  const raw = parseObject(bytes, 'error parsing configuration');
  const list = 'plugins' in raw ? parseConfList(bytes) : wrapSingleConf(toPluginConfig(raw));
  if (list.plugins.length === 0) throw listError('no plugins in list');
  return list;
}

function toPluginConfig(v: unknown): PluginConfig {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw confListError('error parsing configuration: expected a JSON object');
  const raw = v as Json;
  if (typeof raw.type !== 'string' || raw.type === '') throw confListError("error parsing configuration: missing 'type'");
  const capabilities: Record<string, boolean> = {};
  if (raw.capabilities !== undefined && raw.capabilities !== null) {
    if (typeof raw.capabilities !== 'object' || Array.isArray(raw.capabilities)) throw confListError('error parsing configuration: capabilities must be an object');
    for (const [k, b] of Object.entries(raw.capabilities)) {
      if (typeof b !== 'boolean') throw confListError(`error parsing configuration: capability "${k}" must be a boolean`);
      capabilities[k] = b;
    }
  }
  const out: PluginConfig = { type: raw.type, capabilities, raw };
  if (typeof raw.name === 'string' && raw.name) out.name = raw.name;
  return out;
}

function readVersions(raw: Json): string[] | undefined {
  if (!('cniVersions' in raw)) return undefined;
  if (!Array.isArray(raw.cniVersions)) throw listError(`invalid type for cniVersions: ${goType(raw.cniVersions)}`);
  return raw.cniVersions.map((v, i) => {
    if (typeof v !== 'string') throw listError(`invalid type for cniVersions index ${i}: ${goType(v)}`);
    return v;
  });
}

function readBool(raw: Json, key: string): boolean {
  const v = raw[key];
  if (v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') throw listError(`invalid type ${goType(v)} for ${key}`);
  const s = v.toLowerCase();
  if (s === 'true') return true;
  if (s === 'false') return false;
  throw listError(`invalid value "${s}" for ${key}`);
}

function parseObject(bytes: string, what: string): Json {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes);
  } catch (e) {
    throw confListError(`${what}: ${(e as Error).message}`, CniCode.DecodingFailure);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw confListError(`${what}: expected a JSON object`, CniCode.DecodingFailure);
  return raw as Json;
}

function listError(problem: string) {
  return confListError(`error parsing configuration list: ${problem}`);
}

/** goType names a JSON value's type the way Go's %T prints the decoded interface{}. */
function goType(v: unknown): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  switch (typeof v) {
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    default:
      return 'map[string]interface {}';
  }
}
