import { ifNameProblem, quoteIfName, invalidConfig, isValidNetworkName } from '@plexus/cni-spec';
import { checkKnownKeys, isJsonObject, jsonTypeOf, readList, readString } from '@plexus/json-fields';
import type { StaticNetworkEntry } from './dispatcher-config';

const ENTRY_KEYS = ['conf', 'interface'] as const;

/**
 * parseStaticNetworks reads `networks`: a list of `{conf, interface?}` (or bare strings, short for `{conf}`).
 * `conf` is a conf `name` in confDir or an absolute file path. Entry 0 is the primary: it gets CNI_IFNAME, so an
 * `interface` there is refused rather than ignored.
 */
export function parseStaticNetworks(raw: unknown): StaticNetworkEntry[] {
  const list = readList(raw, 'networks') ?? [];
  const seenIfNames = new Map<string, string>();
  return list.map((item, i) => {
    const field = `networks[${i}]`;
    const o = typeof item === 'string' ? { conf: item } : item;
    if (!isJsonObject(o)) throw invalidConfig(field, `must be an object {conf, interface?} or a string, got ${jsonTypeOf(item)}`);
    checkKnownKeys(o, field, ENTRY_KEYS);
    const conf = readString(o.conf, `${field}.conf`);
    if (conf === undefined || conf === '') throw invalidConfig(`${field}.conf`, 'missing: name a conf in confDir or give an absolute path');
    checkConfReference(conf, `${field}.conf`);
    const entry: StaticNetworkEntry = { conf, field };
    const ifName = readString(o.interface, `${field}.interface`);
    if (ifName !== undefined) {
      if (i === 0) throw invalidConfig(`${field}.interface`, 'the first network is the primary and always gets CNI_IFNAME');
      const problem = ifNameProblem(ifName);
      if (problem) throw invalidConfig(`${field}.interface`, `interface name ${quoteIfName(ifName)} ${problem}`);
      const other = seenIfNames.get(ifName);
      if (other) throw invalidConfig(`${field}.interface`, `"${ifName}" is already used by ${other}`);
      seenIfNames.set(ifName, field);
      entry.interface = ifName;
    }
    return entry;
  });
}

/**
 * checkConfReference accepts a conf name (the spec's network-name pattern) or an absolute path without `..`
 * segments or NUL bytes (a path is trusted config, but a `..` in it is almost certainly a mistake).
 */
export function checkConfReference(ref: string, field: string): void {
  if (ref.includes('\0')) throw invalidConfig(field, 'must not contain NUL bytes');
  if (ref.includes('/')) {
    if (!ref.startsWith('/')) throw invalidConfig(field, `"${ref}" is neither a conf name nor an absolute path`);
    if (ref.split('/').includes('..')) throw invalidConfig(field, `"${ref}" must not contain ".." segments`);
    return;
  }
  if (!isValidNetworkName(ref)) throw invalidConfig(field, `"${ref}" is not a valid network name (^[a-zA-Z0-9][a-zA-Z0-9_.-]*$)`);
}
