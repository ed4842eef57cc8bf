import { CniCode, CniError, decodeFailure, invalidConfig } from './errors';
import { parseResult } from './convert-result';
import type { Dns, Result } from './result';
import { compareVersions, isSpecVersion } from './versions';

/** The fields every plugin configuration object may carry (SPEC.md §1, §3). */
export interface NetConf {
  cniVersion: string;
  name: string;
  type: string;
  capabilities?: Record<string, boolean>;
  ipam?: { type?: string; [k: string]: unknown };
  dns?: Dns;
  runtimeConfig?: Record<string, unknown>;
  args?: { cni?: { ips?: unknown; [k: string]: unknown }; [k: string]: unknown };
  prevResult?: unknown;
  logFile?: string;
  logLevel?: string;
  [k: string]: unknown;
}

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * decodeNetConf parses stdin bytes into a NetConf, checking what skel checks: valid JSON (code 6), a valid
 * non-empty `name` (code 7), a known `cniVersion` (code 1; empty means 0.1.0) and a string `type`.
 */
export function decodeNetConf(stdin: string | Buffer): NetConf {
  let raw: unknown;
  try {
    raw = JSON.parse(stdin.toString());
  } catch (e) {
    throw decodeFailure('network configuration', (e as Error).message);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw decodeFailure('network configuration', 'expected a JSON object');
  }
  const conf = raw as NetConf;
  if (conf.cniVersion === undefined || conf.cniVersion === '') conf.cniVersion = '0.1.0';
  if (typeof conf.cniVersion !== 'string') throw invalidConfig('cniVersion', 'must be a string');
  if (!isSpecVersion(conf.cniVersion)) {
    throw new CniError(CniCode.IncompatibleVersion, 'incompatible CNI versions', `config is "${conf.cniVersion}", plugin supports ${JSON.stringify(['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'])}`);
  }
  if (typeof conf.name !== 'string' || conf.name === '') throw invalidConfig('name', 'missing network name');
  if (!NAME_RE.test(conf.name)) throw invalidConfig('name', `"${conf.name}" must match ${NAME_RE.source}`);
  if (conf.type !== undefined && typeof conf.type !== 'string') throw invalidConfig('type', 'must be a string');
  if (conf.ipam !== undefined && (typeof conf.ipam !== 'object' || conf.ipam === null || Array.isArray(conf.ipam))) {
    throw invalidConfig('ipam', 'must be an object');
  }
  for (const key of ['runtimeConfig', 'args', 'capabilities'] as const) {
    const v = conf[key];
    if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v))) throw invalidConfig(key, 'must be an object');
  }
  return conf;
}

/**
 * readPrevResult converts a config's `prevResult` to the current schema. Unlike Go, a prevResult of an older
 * family than the config is accepted and converted, since no information is lost by reading it.
 */
export function readPrevResult(conf: NetConf): Result | undefined {
  if (conf.prevResult === undefined || conf.prevResult === null) return undefined;
  try {
    return parseResult(conf.prevResult, conf.cniVersion);
  } catch (e) {
    if (e instanceof CniError) throw new CniError(CniCode.DecodingFailure, 'failed to decode prevResult', e.details ?? e.msg);
    throw e;
  }
}

/** isValidNetworkName applies the spec's name pattern. */
export function isValidNetworkName(name: string): boolean {
  return NAME_RE.test(name);
}

/** configAllows tells whether a config's cniVersion allows a command (CHECK ≥ 0.4.0; GC and STATUS ≥ 1.1.0). */
export function configAllows(cniVersion: string, command: string): boolean {
  if (command === 'CHECK') return compareVersions(cniVersion, '0.4.0') >= 0;
  if (command === 'GC' || command === 'STATUS') return compareVersions(cniVersion, '1.1.0') >= 0;
  return true;
}
