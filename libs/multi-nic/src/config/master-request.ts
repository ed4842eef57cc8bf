import { invalidConfig, type NetConf } from '@plexus/cni-spec';
import { isJsonObject, readStringList, readWholeNumber } from '@plexus/json-fields';
import type { MasterRequest } from './multi-nic-config';

/**
 * readMasterRequest finds which masters this attachment uses. Later sources win, as static IPAM's address sources
 * do (capability > args > config):
 * 1. the whole pool, in pool order (multi-nic-cni's `none` attach policy);
 * 2. top-level `masters` (what multi-nic-cni's main plugin, or the meta-dispatcher, injects);
 * 3. `args.cni.nics` (how many: the first N of the pool) or `args.cni.masters` (names; wins over `nics`), i.e. Multus
 *    `cni-args`;
 * 4. `runtimeConfig.masters`.
 */
export function readMasterRequest(conf: NetConf): MasterRequest {
  const runtime = isJsonObject(conf.runtimeConfig) ? conf.runtimeConfig : {};
  const fromRuntime = readNames(runtime.masters, 'runtimeConfig.masters');
  if (fromRuntime) return fromRuntime;
  const cniArgs = isJsonObject(conf.args) && isJsonObject(conf.args.cni) ? conf.args.cni : {};
  const fromArgs = readNames(cniArgs.masters, 'args.cni.masters');
  if (fromArgs) return fromArgs;
  const count = readWholeNumber(cniArgs.nics, 'args.cni.nics', 1, 1 << 16, { allowString: true });
  if (count !== undefined) return { kind: 'count', count, field: 'args.cni.nics' };
  return readNames(conf.masters, 'masters') ?? { kind: 'all' };
}

function readNames(v: unknown, field: string): MasterRequest | undefined {
  const names = readStringList(v, field);
  if (!names || names.length === 0) return undefined;
  names.forEach((n, i) => {
    if (n === '') throw invalidConfig(`${field}[${i}]`, 'is empty');
    const first = names.indexOf(n);
    if (first !== i) throw invalidConfig(`${field}[${i}]`, `"${n}" is requested twice (also ${field}[${first}])`);
  });
  return { kind: 'names', names, field };
}
