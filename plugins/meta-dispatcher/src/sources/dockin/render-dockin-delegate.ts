import { isJsonObject } from '@plexus/json-fields';
import type { FixedAddress } from '../../plan/network-request';
import type { ConfList } from '../../config/conf-list';

/** Options of renderDockinDelegate. */
export interface RenderDockinOptions {
  /** The master (primary) interface gets a default route via its gateway when the conf names no routes. */
  isPrimary: boolean;
}

/**
 * renderDockinDelegate hands a backend-assigned address to the selected conf (pure): the `ipam` of the first
 * plugin that has one (else the first plugin) becomes `{type: "fakeipam", addresses: [{address, gateway}],
 * routes, dns}`. Routes, as Dockin's generated IPAM: the plugin's top-level `routes`, else the replaced ipam's
 * `routes`, else — for the master only — `0.0.0.0/0` via the gateway (Dockin gave every interface one, which makes
 * several default routes). DNS: the plugin's `dns`, else the replaced ipam's.
 */
export function renderDockinDelegate(confList: ConfList, fixed: FixedAddress, opts: RenderDockinOptions): ConfList {
  const plugins = confList.plugins.map((p) => ({ ...p }));
  const target = Math.max(0, plugins.findIndex((p) => p.ipam !== undefined));
  const plugin = plugins[target]!;
  const oldIpam = isJsonObject(plugin.ipam) ? plugin.ipam : {};
  const address: Record<string, string> = { address: fixed.address };
  if (fixed.gateway) address.gateway = fixed.gateway;
  const ipam: Record<string, unknown> = { type: 'fakeipam', addresses: [address] };
  const routes = plugin.routes ?? oldIpam.routes ?? (opts.isPrimary && fixed.gateway ? [{ dst: '0.0.0.0/0', gw: fixed.gateway }] : undefined);
  if (routes !== undefined) ipam.routes = routes;
  const dns = plugin.dns ?? oldIpam.dns;
  if (dns !== undefined) ipam.dns = dns;
  plugins[target] = { ...plugin, ipam };
  return { ...confList, plugins };
}
