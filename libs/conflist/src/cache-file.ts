import { isValidNetworkName, validateContainerId, validateIfName } from '@plexus/cni-spec';
import { isJsonObject } from '@plexus/json-fields';
import { boundedFileName } from '@plexus/store';
import { join } from 'node:path';
import { confListError } from './errors';
import { escapeLikeGo, marshalGoJson } from './go-json';

/** The cache format libcni writes after a successful ADD. */
export const CACHE_KIND = 'cniCacheV1';

/** One cached attachment (libcni's cachedInfo). */
export interface CachedAttachment {
  kind: typeof CACHE_KIND;
  containerId: string;
  /** base64 of the network list bytes the ADD ran with. */
  config: string;
  ifName: string;
  networkName: string;
  netns?: string;
  cniArgs?: Array<[string, string]>;
  capabilityArgs?: Record<string, unknown>;
  /** The final ADD result, in the version the chain produced it. */
  result?: Record<string, unknown>;
}

/**
 * cacheFilePath is `<cacheDir>/results/<network>-<containerID>-<ifname>`, libcni's layout. The three names are
 * validated first (libcni's rules: network name and container id `^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`, ifname as the
 * kernel's): a name with `/` or `..` must never become a path outside the cache dir that DEL then removes. A name
 * too long for the file system is hashed (`_sha256-<hex>`; the entry itself keeps the real names).
 */
export function cacheFilePath(cacheDir: string, network: string, containerId: string, ifName: string): string {
  if (!isValidNetworkName(network)) throw confListError(`invalid network name "${network}"`);
  validateContainerId(containerId);
  validateIfName(ifName);
  const plain = `${network}-${containerId}-${ifName}`;
  return join(resultsDir(cacheDir), boundedFileName(plain, `${network}\0${containerId}\0${ifName}`));
}

/** resultsDir is where the cache files of every network live. */
export function resultsDir(cacheDir: string): string {
  return join(cacheDir, 'results');
}

/**
 * renderCacheFile prints a cache entry as Go marshals cachedInfo: fields in struct order, empty optional fields
 * omitted, maps (capabilityArgs, result) with sorted keys.
 */
export function renderCacheFile(c: CachedAttachment): string {
  const parts: string[] = [
    `"kind":${JSON.stringify(c.kind)}`,
    `"containerId":${JSON.stringify(c.containerId)}`,
    `"config":${JSON.stringify(c.config)}`,
    `"ifName":${JSON.stringify(c.ifName)}`,
    `"networkName":${JSON.stringify(c.networkName)}`,
  ];
  if (c.netns) parts.push(`"netns":${JSON.stringify(c.netns)}`);
  if (c.cniArgs?.length) parts.push(`"cniArgs":${marshalGoJson(c.cniArgs)}`);
  if (c.capabilityArgs && Object.keys(c.capabilityArgs).length) parts.push(`"capabilityArgs":${marshalGoJson(c.capabilityArgs)}`);
  if (c.result && Object.keys(c.result).length) parts.push(`"result":${marshalGoJson(c.result)}`);
  return escapeLikeGo(`{${parts.join(',')}}`);
}

/**
 * parseCacheFile reads a cache file; undefined when it is not a cniCacheV1 entry (libcni then tries the legacy
 * format: the file is the bare result).
 */
export function parseCacheFile(text: string): CachedAttachment | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || (raw as { kind?: unknown }).kind !== CACHE_KIND) return undefined;
  const r = raw as Record<string, unknown>;
  const out: CachedAttachment = {
    kind: CACHE_KIND,
    containerId: typeof r.containerId === 'string' ? r.containerId : '',
    config: typeof r.config === 'string' ? r.config : '',
    ifName: typeof r.ifName === 'string' ? r.ifName : '',
    networkName: typeof r.networkName === 'string' ? r.networkName : '',
  };
  if (typeof r.netns === 'string') out.netns = r.netns;
  if (Array.isArray(r.cniArgs)) out.cniArgs = r.cniArgs.filter(isPair);
  if (isJsonObject(r.capabilityArgs)) out.capabilityArgs = r.capabilityArgs;
  if (isJsonObject(r.result)) out.result = r.result;
  return out;
}

function isPair(v: unknown): v is [string, string] {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string';
}
