import { ifNameProblem, quoteIfName } from '@plexus/cni-spec';
import { isJsonObject, jsonTypeOf } from '@plexus/json-fields';
import type { NetworkRequest } from '../../plan/network-request';
import type { ConfList } from '../../config/conf-list';
import { invalidRequest, type ErrorSubject } from '../../errors/dispatcher-errors';

/** The `type` that marks a multi-NIC network conf. */
export const MULTI_NIC_TYPE = 'multi-nic';

/**
 * readMultiNicRequest recognises a multi-NIC network (pure): a conf whose plugin has `type: "multi-nic"`, a
 * `plugin` object (the main plugin each NIC gets, e.g. `{type: "ipvlan", mode: "l3"}`) and an `ipam` object (e.g.
 * multi-nic-ipam). Per-pod `args.cni.nics` (a count) or `args.cni.masters` (names; wins over `nics`, as in
 * multi-nic-cni) choose NICs from the host pool; neither means the whole pool. Undefined for any other conf.
 * The core fans the request out; nothing is discovered or reserved here. Code 7 names pod, network and field.
 */
export function readMultiNicRequest(confList: ConfList, s: ErrorSubject): NetworkRequest['multiNic'] | undefined {
  const index = confList.plugins.findIndex((p) => p.type === MULTI_NIC_TYPE);
  if (index < 0) return undefined;
  const at = (k: string): string => `plugins[${index}].${k}`;
  if (confList.plugins.length > 1) throw invalidRequest(s, 'plugins', `a multi-nic network must be the only plugin of its conf (found ${confList.plugins.length})`);
  const conf = confList.plugins[index]!;
  const plugin = conf.plugin;
  if (!isJsonObject(plugin)) throw invalidRequest(s, at('plugin'), `must be the main plugin object each NIC gets, e.g. {"type": "ipvlan", "mode": "l3"}; got ${jsonTypeOf(plugin)}`);
  if (typeof plugin.type !== 'string' || plugin.type === '' || plugin.type === MULTI_NIC_TYPE) {
    throw invalidRequest(s, at('plugin.type'), `must name the per-NIC plugin (not "${MULTI_NIC_TYPE}"), got ${jsonTypeOf(plugin.type)}`);
  }
  for (const filled of ['master', 'ipam']) {
    if (plugin[filled] !== undefined) throw invalidRequest(s, at(`plugin.${filled}`), `is filled in per NIC by the dispatcher; remove it`);
  }
  const ipam = conf.ipam;
  if (!isJsonObject(ipam) || typeof ipam.type !== 'string' || ipam.type === '') {
    throw invalidRequest(s, at('ipam'), 'a multi-nic network needs an ipam object with a type (e.g. {"type": "multi-nic-ipam", …})');
  }
  const out: NonNullable<NetworkRequest['multiNic']> = { ipam: { ...ipam }, plugin: { ...plugin } };
  const cniArgs = isJsonObject(conf.args) && isJsonObject(conf.args.cni) ? conf.args.cni : {};
  const masters = readMasters(cniArgs.masters, s, at('args.cni.masters'));
  if (masters) out.masters = masters;
  else {
    const nics = readCount(cniArgs.nics, s, at('args.cni.nics'));
    if (nics !== undefined) out.nics = nics;
  }
  return out;
}

function readMasters(v: unknown, s: ErrorSubject, field: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length === 0) throw invalidRequest(s, field, `must be a non-empty list of host NIC names, got ${jsonTypeOf(v)}`);
  return v.map((name, i) => {
    if (typeof name !== 'string') throw invalidRequest(s, `${field}[${i}]`, `must be a string, got ${jsonTypeOf(name)}`);
    const problem = ifNameProblem(name);
    if (problem) throw invalidRequest(s, `${field}[${i}]`, `NIC name ${quoteIfName(name)} ${problem}`);
    if (v.indexOf(name) !== i) throw invalidRequest(s, `${field}[${i}]`, `"${name}" is listed twice`);
    return name;
  });
}

function readCount(v: unknown, s: ErrorSubject, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  // cni-args values often arrive as strings ("2"): annotations are hand-written JSON.
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 64) throw invalidRequest(s, field, `must be a whole number of NICs from 1 to 64, got ${jsonTypeOf(v)}`);
  return n;
}
