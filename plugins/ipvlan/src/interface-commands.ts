import { ipFamilyOf, type IpConfig, type Route } from '@plexus/cni-spec';
import type { NetlinkOp, RouteSpec } from '@plexus/netlink';

/** What goes onto the interface inside the pod. */
export interface InterfacePlan {
  /** The link's name as created; renamed to ifName first when they differ. */
  tempName: string;
  ifName: string;
  ips: IpConfig[];
  routes: Route[];
}

/** The ops applying a plan, and where the route ops start (EEXIST there is tolerated). */
export interface InterfaceOps {
  ops: NetlinkOp[];
  /** Index of the rename op, or -1 when no rename is needed. */
  renameIndex: number;
  /** Index of the first route op (ops.length when there are none). */
  firstRouteIndex: number;
}

/**
 * buildInterfaceOps orders the pod-side work for one `ip -batch` run (pure; the lib runs addresses and routes of
 * both families in one process): rename to CNI_IFNAME while the
 * link is still down (older kernels refuse to rename an UP link), addresses (IPv6 with `nodad`: a fresh link has
 * no neighbour to collide with, and DAD would hold the address tentative for seconds), up (the kernel sends the
 * gratuitous ARP / unsolicited NA then, so the addresses must already be there), routes last (a gateway is only
 * reachable once the link is up with its addresses).
 */
export function buildInterfaceOps(plan: InterfacePlan): InterfaceOps {
  const ops: NetlinkOp[] = [];
  let renameIndex = -1;
  if (plan.tempName !== plan.ifName) {
    renameIndex = ops.length;
    ops.push({ op: 'link.rename', name: plan.tempName, newName: plan.ifName });
  }
  for (const ip of plan.ips) ops.push({ op: 'addr.add', ifName: plan.ifName, cidr: ip.address });
  ops.push({ op: 'link.up', name: plan.ifName });
  const firstRouteIndex = ops.length;
  for (const route of interfaceRoutes(plan)) ops.push({ op: 'route.add', route });
  return { ops, renameIndex, firstRouteIndex };
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
