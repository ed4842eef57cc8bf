import { ifNameProblem, invalidConfig, readPrevResult, type Dns, type NetConf, type Result } from '@plexus/cni-spec';
import type { IpvlanMode } from '@plexus/netlink';

/** The ipvlan modes the kernel offers; `l2` is the kernel's and the reference plugin's default. */
export const IPVLAN_MODES: readonly IpvlanMode[] = ['l2', 'l3', 'l3s'];

/** The smallest MTU the kernel accepts on an ethernet-like link (ETH_MIN_MTU). */
export const MIN_MTU = 68;
const MAX_MTU = 65535;

/** The validated ipvlan configuration (a superset of the reference plugin's). */
export interface IpvlanConf {
  cniVersion: string;
  /** Host NIC; undefined = auto-detect (default-route interface, or prevResult's single interface when chained). */
  master?: string;
  mode: IpvlanMode;
  /** Link MTU; undefined = the master's (the kernel's default for an ipvlan). */
  mtu?: number;
  /** Look the master up inside the pod netns instead of the host's. */
  linkInContainer: boolean;
  /** `ipam.type`; undefined when the plugin is chained without IPAM. */
  ipamType?: string;
  /** Top-level `dns`: when set it replaces the DNS of the IPAM result or prevResult. */
  dns?: Dns;
  prevResult?: Result;
}

/**
 * parseIpvlanConf validates the plugin keys of a decoded NetConf (pure). Every problem is code 7 naming the key;
 * an unreadable prevResult is code 6 (from readPrevResult).
 */
export function parseIpvlanConf(conf: NetConf): IpvlanConf {
  const out: IpvlanConf = {
    cniVersion: conf.cniVersion,
    mode: parseMode(conf.mode),
    linkInContainer: parseBool(conf.linkInContainer, 'linkInContainer'),
  };
  const master = parseMaster(conf.master);
  if (master !== undefined) out.master = master;
  const mtu = parseMtu(conf.mtu);
  if (mtu !== undefined) out.mtu = mtu;
  const ipamType = ipamTypeOf(conf);
  if (ipamType !== undefined) out.ipamType = ipamType;
  if (conf.dns !== undefined) {
    if (typeof conf.dns !== 'object' || conf.dns === null || Array.isArray(conf.dns)) throw invalidConfig('dns', 'must be an object');
    out.dns = conf.dns;
  }
  const prev = readPrevResult(conf);
  if (prev) out.prevResult = prev;
  return out;
}

/**
 * ipamTypeOf reads `ipam.type` (undefined when absent or empty: chained use). DEL calls only this, so a config
 * that ADD would reject can still release its IPAM allocation.
 */
export function ipamTypeOf(conf: NetConf): string | undefined {
  const t = conf.ipam?.type;
  if (t === undefined || t === '') return undefined;
  if (typeof t !== 'string') throw invalidConfig('ipam.type', 'must be a string');
  return t;
}

function parseMaster(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw invalidConfig('master', 'must be a string naming a host interface');
  const problem = ifNameProblem(v);
  if (problem) throw invalidConfig('master', `interface name "${v}" ${problem}`);
  return v;
}

function parseMode(v: unknown): IpvlanMode {
  if (v === undefined || v === null || v === '') return 'l2';
  if (typeof v === 'string' && (IPVLAN_MODES as readonly string[]).includes(v)) return v as IpvlanMode;
  throw invalidConfig('mode', `unknown ipvlan mode ${JSON.stringify(v)} (expected one of ${IPVLAN_MODES.join(', ')})`);
}

function parseMtu(v: unknown): number | undefined {
  // 0 is the reference plugin's "not set" (Go's zero value), so it keeps that meaning here.
  if (v === undefined || v === null || v === 0) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidConfig('mtu', `must be an integer, got ${JSON.stringify(v)}`);
  if (v < MIN_MTU || v > MAX_MTU) throw invalidConfig('mtu', `${v} is outside ${MIN_MTU}..${MAX_MTU}`);
  return v;
}

function parseBool(v: unknown, field: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw invalidConfig(field, `must be true or false, got ${JSON.stringify(v)}`);
  return v;
}
