import { parseCidr } from '@plexus/ip';
import type { ConfList } from '../../config/conf-list';
import type { DanmNetwork, DanmRoute } from '../../plan/danm-network';
import { fakeipamSection } from './fakeipam-section';
import { mergeRoutes, routeInjectorPlugin } from './route-injector-plugin';

/** Options of renderDanmDelegate and renderDanmStaticDelegate. */
export interface RenderDanmOptions {
  /** cniVersion of the generated conflist (the dispatcher's own). */
  cniVersion: string;
  /** The pod's `proutes`/`proutes6` for this interface (into the network's routingTable). */
  proutes?: readonly DanmRoute[];
}

/** The modes DANM hard-codes for its generated delegates. */
const MODES: Record<string, string> = { ipvlan: 'l2', macvlan: 'bridge' };

/**
 * renderDanmDelegate generates the delegate conflist of a dynamic DANM network (ipvlan or macvlan) for one
 * interface (pure): the main plugin on the network's host device (`master`: hostDevice, or the VLAN/VxLAN device),
 * with `ipam: {type: "fakeipam", ips}` carrying the reserved addresses — or no `ipam` at all when none were reserved
 * (an L2-only interface; DANM danm-cni/danm#107) — then route-injector with the network's `routes`, and its
 * `policyRoutes` plus the pod's `proutes` into `routingTable`, limited to the families that got an address.
 * `ifName` is not part of the conf: the core passes it as CNI_IFNAME.
 */
export function renderDanmDelegate(network: DanmNetwork, reservedIps: readonly string[], opts: RenderDanmOptions): ConfList {
  if (network.integration !== 'dynamic' || !(network.networkType in MODES)) {
    throw new Error(`renderDanmDelegate: ${network.networkType} is not an ipvlan/macvlan network`);
  }
  const main: Record<string, unknown> = { type: network.networkType, mode: MODES[network.networkType] };
  if (network.master) main.master = network.master;
  if (reservedIps.length) main.ipam = fakeipamSection(reservedIps);
  const plugins: Array<Record<string, unknown>> = [main];
  const families = new Set(reservedIps.map((a) => parseCidr(a)?.family).filter((f): f is 4 | 6 => f !== undefined));
  const routes = routeInjectorPlugin({
    routes: network.routes,
    policyRoutes: mergeRoutes(network.policyRoutes, opts.proutes ?? []),
    table: network.routingTable,
    families,
  });
  if (routes) plugins.push(routes);
  return { cniVersion: opts.cniVersion, name: network.networkId, plugins };
}
