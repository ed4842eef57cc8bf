import { isAbsolute, resolve } from 'node:path';
import type { Env } from '@plexus/skel';
import { CnictlError } from './errors';

/** Everything cnictl takes from its environment and flags (cnitool's variables plus cnictl's own). */
export interface CnictlSettings {
  /** NETCONFPATH (default /etc/cni/net.d). */
  netconfPath: string;
  /** CNI_PATH, split on ':'. */
  cniPath: string[];
  /** CAP_ARGS, a JSON object. */
  capabilityArgs?: Record<string, unknown>;
  /** CNI_ARGS, parsed. */
  cniArgs: Array<[string, string]>;
  /** CNI_IFNAME (default eth0; set-but-empty stays empty, as cnitool's os.LookupEnv). */
  ifName: string;
  /** --cache-dir, else PLEXUS_CNI_CACHE_DIR, else /var/lib/cni (libcni's CacheDir; files go to `<dir>/results`). */
  cacheDir: string;
  /** --timeout, else PLEXUS_CNICTL_TIMEOUT_MS: per-plugin timeout in ms (default: the delegator's 60 s). */
  timeoutMs?: number;
}

export const DEFAULT_NETCONFPATH = '/etc/cni/net.d';
export const DEFAULT_CACHE_DIR = '/var/lib/cni';

/** readSettings builds the settings from the environment and the command-line flags (pure). */
export function readSettings(env: Env, flags: { cacheDir?: string; timeoutMs?: string } = {}): CnictlSettings {
  const s: CnictlSettings = {
    netconfPath: env.NETCONFPATH || DEFAULT_NETCONFPATH,
    cniPath: (env.CNI_PATH ?? '').split(':').filter(Boolean),
    cniArgs: parseCnitoolArgs(env.CNI_ARGS ?? ''),
    ifName: env.CNI_IFNAME ?? 'eth0',
    cacheDir: flags.cacheDir || env.PLEXUS_CNI_CACHE_DIR || DEFAULT_CACHE_DIR,
  };
  const caps = parseCapArgs(env.CAP_ARGS ?? '');
  if (caps) s.capabilityArgs = caps;
  const timeout = flags.timeoutMs ?? env.PLEXUS_CNICTL_TIMEOUT_MS;
  if (timeout !== undefined && timeout !== '') {
    const ms = Number(timeout);
    if (!Number.isInteger(ms) || ms <= 0) throw new CnictlError(`timeout "${timeout}" must be a positive number of milliseconds`);
    s.timeoutMs = ms;
  }
  return s;
}

/**
 * parseCnitoolArgs reads CNI_ARGS as cnitool does: `K=V` pairs separated by ';', each with exactly one '=' and a
 * non-empty key and value (stricter than a plugin's parser, which skips empty pairs).
 */
export function parseCnitoolArgs(raw: string): Array<[string, string]> {
  if (raw === '') return [];
  return raw.split(';').map((pair) => {
    const kv = pair.split('=');
    if (kv.length !== 2 || kv[0] === '' || kv[1] === '') throw new CnictlError(`invalid CNI_ARGS pair "${pair}"`);
    return [kv[0]!, kv[1]!];
  });
}

/** parseCapArgs reads CAP_ARGS, a JSON object of capability args. */
export function parseCapArgs(raw: string): Record<string, unknown> | undefined {
  if (raw === '') return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new CnictlError(`CAP_ARGS: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new CnictlError('CAP_ARGS: expected a JSON object');
  return v as Record<string, unknown>;
}

/** absoluteNetns makes the netns argument absolute, as cnitool's filepath.Abs (the container id hashes it). */
export function absoluteNetns(netns: string, cwd: string): string {
  return isAbsolute(netns) ? resolve(netns) : resolve(cwd, netns);
}
