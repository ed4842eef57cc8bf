import { parseCidr } from '@plexus/ip';
import type { ConfList } from '../../config/conf-list';
import type { DanmNetwork } from '../../plan/danm-network';
import { fakeipamSection } from '../../sources/danm/fakeipam-section';
import type { RenderDanmOptions } from '../../sources/danm/render-danm-delegate';
import { mergeRoutes, routeInjectorPlugin } from '../../sources/danm/route-injector-plugin';

/**
 * renderDanmStaticDelegate prepares a static DANM delegate (`<confDir>/<networkID>.conf`, already read) for one
 * interface (pure). DANM semantics: the file's `ipam` is replaced by fakeipam only when the dispatcher reserved
 * addresses; otherwise the file keeps its own IPAM (e.g. flannel's host-local). The plugin whose `ipam` is
 * replaced is the first that has one (else the first). Network routes and policy routes are chained through
 * route-injector as for dynamic networks.
 */
export function renderDanmStaticDelegate(confList: ConfList, network: DanmNetwork, reservedIps: readonly string[], opts: Pick<RenderDanmOptions, 'proutes'> = {}): ConfList {
  let plugins = confList.plugins.map((p) => ({ ...p }));
  if (reservedIps.length) {
    const target = Math.max(0, plugins.findIndex((p) => p.ipam !== undefined));
    plugins[target] = { ...plugins[target], ipam: fakeipamSection(reservedIps) };
  }
  // With reserved addresses the interface gets exactly those, so routes of other families would be refused by
  // route-injector; with the file's own IPAM the families are unknown here and every route is kept.
  const families = reservedIps.length ? new Set(reservedIps.map((a) => (parseCidr(a)?.family ?? 4) as 4 | 6)) : undefined;
  const routes = routeInjectorPlugin({ routes: network.routes, policyRoutes: mergeRoutes(network.policyRoutes, opts.proutes ?? []), table: network.routingTable, families });
  if (routes) plugins = [...plugins, routes];
  return { ...confList, plugins };
}
