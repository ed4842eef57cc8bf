/**
 * The kernel's objects as plugins see them (links, addresses, routes, rules), as `ip -json` reports them and as ops
 * and the netns scopes take them. A leaf: the Netlink interface (netlink.ts) and the ops (ops.ts) both build on it.
 */

export type IpvlanMode = 'l2' | 'l3' | 'l3s';

/** A link as `ip -json -details link show` reports it. */
export interface LinkInfo {
  name: string;
  index: number;
  /** `ip -d` info_kind: "ipvlan", "veth", "bridge", "dummy", "macvlan"…; undefined for plain devices. */
  kind?: string;
  mtu: number;
  mac?: string;
  /** Administratively up (IFF_UP). */
  up: boolean;
  /** ifindex of the parent link (`link`/`link_index`), e.g. an ipvlan's master. */
  parentIndex?: number;
  /** Parent link name when iproute2 resolves it in the same netns. */
  parentName?: string;
  /** ipvlan mode when kind is ipvlan. */
  ipvlanMode?: IpvlanMode;
  /** Name of the bridge (or other master) the link is enslaved to. */
  master?: string;
}

/** An interface address. */
export interface AddrInfo {
  /** CIDR, e.g. "10.0.0.5/24". */
  address: string;
  family: 4 | 6;
  ifName: string;
  scope?: string;
}

/** A next hop of a multipath (ECMP) route. */
export interface NextHop {
  gw: string;
  dev?: string;
  weight?: number;
}

/** A route to add, delete or list. */
export interface RouteSpec {
  /** Destination CIDR; "0.0.0.0/0" / "::/0" for default. */
  dst: string;
  gw?: string;
  dev?: string;
  /** Multipath next hops (instead of gw/dev). */
  nexthops?: NextHop[];
  metric?: number;
  /** Routing table id (default main, 254). */
  table?: number;
  /** 0 global, 253 link, 254 host. */
  scope?: number;
  src?: string;
  mtu?: number;
  advmss?: number;
  /** Route type ("unicast" default; "blackhole", "unreachable"…). */
  type?: string;
  onlink?: boolean;
  /**
   * Who installed the route ("kernel", "boot", "static"…): reported by listRoutes; when adding, iproute2's default
   * ("boot") applies unless another is given, so a listed route can be put back as it was.
   */
  protocol?: string;
}

/** A policy routing rule. */
export interface RuleSpec {
  family: 4 | 6;
  /** Source selector CIDR. */
  from?: string;
  to?: string;
  table: number;
  priority?: number;
}
