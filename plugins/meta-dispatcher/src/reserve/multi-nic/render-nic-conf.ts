import { ipFamilyOf, type Result, type Route } from '@plexus/cni-spec';
import { containsIp, parseCidr, parseIp } from '@plexus/ip';
import type { ConfList } from '../../config/conf-list';

/** What renderNicConf needs: the network, the per-NIC plugin and this NIC's place in the IPAM answer. */
export interface NicConfInput {
  confList: Pick<ConfList, 'cniVersion' | 'name'>;
  /** The main plugin every NIC gets (e.g. `{type: "ipvlan", mode: "l3"}`). */
  plugin: Record<string, unknown>;
  master: string;
  /** Index into the IPAM call's masters list: the `interface` of this NIC's addresses. */
  nicIndex: number;
  /** The multi-NIC IPAM's result. */
  ipam: Result;
}

/**
 * renderNicConf writes one NIC's delegate conflist (pure): the per-NIC plugin with `master` and an `ipam` section
 * of type fakeipam carrying the addresses the group's one IPAM call chose for this NIC (`ips[k].interface` =
 * nicIndex), so the delegate runs its usual IPAM step without allocating anything. Routes go to the NIC whose
 * subnet holds their gateway; gateway-less routes to the first NIC only (the same route on two links would clash).
 */
export function renderNicConf(input: NicConfInput): string {
  const ips = (input.ipam.ips ?? []).filter((ip) => ip.interface === input.nicIndex);
  const routes = (input.ipam.routes ?? []).filter((r) => routeBelongs(r, ips.map((ip) => ip.address), input.nicIndex));
  const ipam: Record<string, unknown> = {
    type: 'fakeipam',
    ips: ips.map((ip) => ({ ipcidr: ip.address, version: ipFamilyOf(ip.address), ...(ip.gateway ? { gateway: ip.gateway } : {}) })),
  };
  if (routes.length) ipam.routes = routes;
  if (input.ipam.dns && Object.keys(input.ipam.dns).length) ipam.dns = input.ipam.dns;
  const plugin = { ...input.plugin, master: input.master, ipam };
  return JSON.stringify({ cniVersion: input.confList.cniVersion, name: input.confList.name, plugins: [plugin] });
}

function routeBelongs(route: Route, addresses: string[], nicIndex: number): boolean {
  if (!route.gw) return nicIndex === 0;
  const gw = parseIp(route.gw);
  return gw !== undefined && addresses.some((a) => {
    const net = parseCidr(a);
    return net !== undefined && containsIp(net, gw);
  });
}
