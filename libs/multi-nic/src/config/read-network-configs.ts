import { decodeFailure, decodeNetConf, type NetConf } from '@plexus/cni-spec';
import { isJsonObject } from '@plexus/json-fields';

/**
 * readNetworkConfigs turns a network configuration file (a single conf or a conflist, as in /etc/cni/net.d) into the
 * request configs of its multi-nic-ipam users: every plugin whose `ipam.type` is multi-nic-ipam, with the list's
 * `name` and `cniVersion` as the runtime would derive them.
 */
export function readNetworkConfigs(text: string, source: string): NetConf[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw decodeFailure(`network configuration ${source}`, (e as Error).message);
  }
  if (!isJsonObject(raw)) throw decodeFailure(`network configuration ${source}`, 'expected a JSON object');
  const plugins = Array.isArray(raw.plugins) ? raw.plugins.filter(isJsonObject) : [raw];
  return plugins
    .filter((p) => isJsonObject(p.ipam) && p.ipam.type === 'multi-nic-ipam')
    .map((p) => decodeNetConf(JSON.stringify({ ...p, name: raw.name ?? p.name, cniVersion: raw.cniVersion ?? p.cniVersion })));
}
