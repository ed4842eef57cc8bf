import { ipFamilyOf, type IpConfig, type Route } from '@plexus/cni-spec';
import { addrCommand, linkSetCommand, routeCommand, type RouteSpec } from '@plexus/netlink';

/** What goes onto the interface inside the pod. */
export interface InterfacePlan {
  /** The link's name as created; renamed to ifName first when they differ. */
  tempName: string;
  ifName: string;
  ips: IpConfig[];
  routes: Route[];
}

/** The `ip` commands applying a plan, and where the route commands start (EEXIST there is tolerated). */
export interface InterfaceCommands {
  commands: string[][];
  /** Index of the rename command, or -1 when no rename is needed. */
  renameIndex: number;
  /** Index of the first route command (commands.length when there are none). */
  firstRouteIndex: number;
}

/**
 * buildInterfaceCommands orders the pod-side work for one `ip -batch` run (pure): rename to CNI_IFNAME while the
 * link is still down (older kernels refuse to rename an UP link), addresses (IPv6 with `nodad`: a fresh link has
 * no neighbour to collide with, and DAD would hold the address tentative for seconds), up (the kernel sends the
 * gratuitous ARP / unsolicited NA then, so the addresses must already be there), routes last (a gateway is only
 * reachable once the link is up with its addresses).
 */
export function buildInterfaceCommands(plan: InterfacePlan): InterfaceCommands {
  const commands: string[][] = [];
  let renameIndex = -1;
  if (plan.tempName !== plan.ifName) {
    renameIndex = commands.length;
    commands.push(linkSetCommand(plan.tempName, 'name', plan.ifName));
  }
  for (const ip of plan.ips) commands.push(dropFamilyFlag(addrCommand('add', plan.ifName, ip.address)));
  commands.push(linkSetCommand(plan.ifName, 'up'));
  const firstRouteIndex = commands.length;
  for (const route of interfaceRoutes(plan)) commands.push(dropFamilyFlag(routeCommand('add', route)));
  return { commands, renameIndex, firstRouteIndex };
}

/**
 * interfaceRoutes turns result routes into kernel routes on the interface, the way the reference's
 * ipam.ConfigureIface does: a route without `gw` goes via the first gateway of its family among the IPs (if any);
 * `priority` is the metric. `table`, `scope`, `mtu` and `advmss` (1.1.0) are applied too (the reference drops
 * the last two). A route without gateway keeps the reference's global scope.
 */
export function interfaceRoutes(plan: Pick<InterfacePlan, 'ifName' | 'ips' | 'routes'>): RouteSpec[] {
  const gateways: Partial<Record<4 | 6, string>> = {};
  for (const ip of plan.ips) {
    if (ip.gateway && gateways[ipFamilyOf(ip.gateway)] === undefined) gateways[ipFamilyOf(ip.gateway)] = ip.gateway;
  }
  return plan.routes.map((r) => {
    const spec: RouteSpec = { dst: r.dst, dev: plan.ifName };
    const gw = r.gw ?? gateways[ipFamilyOf(r.dst)];
    if (gw) spec.gw = gw;
    if (r.priority) spec.metric = r.priority;
    if (r.table !== undefined) spec.table = r.table;
    // iproute2 gives a gateway-less IPv4 route scope link; the reference (netlink's zero value) gives it scope
    // universe. Same kernel state as the reference wins: scope 0 unless the 1.1.0 result names one.
    if (r.scope !== undefined) spec.scope = r.scope;
    else if (!gw && ipFamilyOf(r.dst) === 4) spec.scope = 0;
    if (r.mtu) spec.mtu = r.mtu;
    if (r.advmss) spec.advmss = r.advmss;
    return spec;
  });
}

/**
 * dropFamilyFlag removes the leading -4/-6 of an `addr`/`route` command: iproute2 takes the family from the
 * address itself, and a flag is an option of the whole `ip -batch` run, so flagged commands of both families
 * would need one process per family change. Without flags a dual-stack interface is configured by one process.
 */
export function dropFamilyFlag(command: string[]): string[] {
  const [flag, object] = command;
  if ((flag === '-4' || flag === '-6') && (object === 'addr' || object === 'route')) return command.slice(1);
  return command;
}
