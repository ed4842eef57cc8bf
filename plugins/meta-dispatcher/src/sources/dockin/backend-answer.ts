import { ifNameProblem, isValidNetworkName } from '@plexus/cni-spec';
import { formatIp, parseIp } from '@plexus/ip';
import { isJsonObject, jsonTypeOf } from '@plexus/json-fields';
import type { PodIdentity } from '../../plan/network-request';
import { DispatcherCode, dispatcherError } from '../../errors/dispatcher-errors';
import { parseSubnetMask } from './parse-subnet-mask';

/** One interface the backend assigned to the pod. */
export interface DockinEntry {
  /** `type`: the `name` of the conf in confDir to delegate to. */
  type: string;
  /** `podIp` with the prefix of `subnetMask`, e.g. `10.1.2.3/24`. */
  address: string;
  gateway?: string;
  ifName?: string;
  master: boolean;
  /** `data[i]`, for messages. */
  field: string;
}

/**
 * parseBackendAnswer checks the backend's JSON answer `{code, message, data: [{type, podIp, subnetMask, gateway,
 * ifName, master}]}` (pure). `code != 0` is the backend refusing the pod (112, with its `message`); any deviation
 * from the shape, an invalid address, mask or gateway, or not exactly one `master` is 113 naming the pod, the
 * entry's network and the field.
 */
export function parseBackendAnswer(body: unknown, pod: PodIdentity): DockinEntry[] {
  const bad = (field: string, problem: string, network?: string): Error =>
    dispatcherError(DispatcherCode.BackendBadAnswer, `unusable backend answer (${field})`, { pod, network }, problem);
  if (!isJsonObject(body)) throw bad('(body)', `must be a JSON object, got ${jsonTypeOf(body)}`);
  if (typeof body.code !== 'number') throw bad('code', `must be a number, got ${jsonTypeOf(body.code)}`);
  if (body.code !== 0) {
    const message = typeof body.message === 'string' && body.message ? body.message : '(no message)';
    throw dispatcherError(DispatcherCode.BackendRefused, 'the backend refused the pod', { pod }, `code ${body.code}: ${message}`);
  }
  if (!Array.isArray(body.data)) throw bad('data', `must be a list, got ${jsonTypeOf(body.data)}`);
  const entries = body.data.map((item, i) => parseEntry(item, `data[${i}]`, bad));
  const masters = entries.filter((e) => e.master);
  if (masters.length !== 1) {
    throw bad('data', `exactly one entry must be "master": true (it becomes the pod's primary), found ${masters.length}${masters.length ? ` (${masters.map((m) => m.field).join(', ')})` : ''}`);
  }
  const seen = new Map<string, string>();
  for (const e of entries) {
    if (!e.ifName) continue;
    const other = seen.get(e.ifName);
    if (other) throw bad(`${e.field}.ifName`, `"${e.ifName}" is also the interface of ${other}`, e.type);
    seen.set(e.ifName, e.field);
  }
  return entries;
}

function parseEntry(item: unknown, field: string, bad: (field: string, problem: string, network?: string) => Error): DockinEntry {
  if (!isJsonObject(item)) throw bad(field, `must be an object, got ${jsonTypeOf(item)}`);
  const type = item.type;
  if (typeof type !== 'string' || !isValidNetworkName(type)) throw bad(`${field}.type`, `must be a network name, got ${jsonTypeOf(type)}`);
  const ip = typeof item.podIp === 'string' ? parseIp(item.podIp.trim()) : undefined;
  if (!ip || ip.family !== 4) throw bad(`${field}.podIp`, `must be an IPv4 address, got ${jsonTypeOf(item.podIp)}`, type);
  const prefix = typeof item.subnetMask === 'string' ? parseSubnetMask(item.subnetMask.trim()) : undefined;
  if (prefix === undefined) throw bad(`${field}.subnetMask`, `must be a dotted (255.255.255.0) or 8-hex-digit (ffffff00) contiguous non-zero mask, got ${jsonTypeOf(item.subnetMask)}`, type);
  const entry: DockinEntry = { type, address: `${formatIp(4, ip.value)}/${prefix}`, master: false, field };
  if (item.gateway !== undefined && item.gateway !== null && item.gateway !== '') {
    const gw = typeof item.gateway === 'string' ? parseIp(item.gateway.trim()) : undefined;
    if (!gw || gw.family !== 4) throw bad(`${field}.gateway`, `must be an IPv4 address, got ${jsonTypeOf(item.gateway)}`, type);
    entry.gateway = formatIp(4, gw.value);
  }
  if (item.ifName !== undefined && item.ifName !== null && item.ifName !== '') {
    const problem = typeof item.ifName === 'string' ? ifNameProblem(item.ifName) : `must be a string, got ${jsonTypeOf(item.ifName)}`;
    if (problem) throw bad(`${field}.ifName`, `interface name ${JSON.stringify(item.ifName)} ${problem}`, type);
    entry.ifName = item.ifName as string;
  }
  if (item.master !== undefined && item.master !== null && typeof item.master !== 'boolean') throw bad(`${field}.master`, `must be true or false, got ${jsonTypeOf(item.master)}`, type);
  entry.master = item.master === true;
  return entry;
}
