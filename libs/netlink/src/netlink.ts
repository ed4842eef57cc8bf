/**
 * The kernel API every plugin uses. A `netns` argument is a path (`/var/run/netns/x`, `/proc/PID/ns/net`);
 * undefined means the plugin's own (host) netns. Implementations run iproute2 inside the netns; nothing here
 * changes the calling process' own namespace.
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

export interface AddIpvlanOptions {
  /** Name to create the link with (a temporary one; see createIpvlan in the ipvlan plugin). */
  name: string;
  master: string;
  mode: IpvlanMode;
  mtu?: number;
  /** Netns where the master lives (undefined = host). */
  masterNetns?: string;
  /** Netns to create the link in directly (`ip link add … netns PATH`). */
  targetNetns?: string;
}

/** Netlink is the single gate to the kernel. Methods throw NetnsNotFoundError / LinkNotFoundError / NetlinkError. */
export interface Netlink {
  /** checkNetns throws NetnsNotFoundError when the path is missing and NotANetnsError when it is not a netns. */
  checkNetns(netns: string): Promise<void>;

  listLinks(netns?: string): Promise<LinkInfo[]>;
  /** getLink throws LinkNotFoundError. */
  getLink(name: string, netns?: string): Promise<LinkInfo>;
  /** findLink returns undefined instead of throwing when the link is absent. */
  findLink(name: string, netns?: string): Promise<LinkInfo | undefined>;
  addIpvlan(opts: AddIpvlanOptions): Promise<void>;
  /** addVeth creates a pair; `peerNetns` places the peer (tests, and bridge-style plugins). */
  addVeth(name: string, peerName: string, netns?: string, peerNetns?: string): Promise<void>;
  addBridge(name: string, netns?: string): Promise<void>;
  addDummy(name: string, netns?: string): Promise<void>;
  moveLink(name: string, toNetns: string, fromNetns?: string): Promise<void>;
  renameLink(name: string, newName: string, netns?: string): Promise<void>;
  setLinkUp(name: string, netns?: string): Promise<void>;
  setLinkDown(name: string, netns?: string): Promise<void>;
  setLinkMtu(name: string, mtu: number, netns?: string): Promise<void>;
  setLinkMaster(name: string, master: string, netns?: string): Promise<void>;
  /** deleteLink throws LinkNotFoundError when absent (callers doing DEL catch it). */
  deleteLink(name: string, netns?: string): Promise<void>;

  listAddrs(ifName: string | undefined, netns?: string): Promise<AddrInfo[]>;
  /** addAddr adds a CIDR; IPv6 is added with `nodad` unless `dad` is true. */
  addAddr(ifName: string, cidr: string, netns?: string, opts?: { dad?: boolean }): Promise<void>;
  deleteAddr(ifName: string, cidr: string, netns?: string): Promise<void>;

  /** listRoutes lists one family's routes of a table (default main); `table: 'all'` lists every table. */
  listRoutes(family: 4 | 6, netns?: string, opts?: { table?: number | 'all'; dev?: string }): Promise<RouteSpec[]>;
  addRoute(route: RouteSpec, netns?: string): Promise<void>;
  /** replaceRoute is `ip route replace` (idempotent add). */
  replaceRoute(route: RouteSpec, netns?: string): Promise<void>;
  /** deleteRoute throws NetlinkError when absent; callers doing DEL catch RouteNotFoundError. */
  deleteRoute(route: RouteSpec, netns?: string): Promise<void>;

  listRules(family: 4 | 6, netns?: string): Promise<RuleSpec[]>;
  addRule(rule: RuleSpec, netns?: string): Promise<void>;
  deleteRule(rule: RuleSpec, netns?: string): Promise<void>;

  /** setSysctl writes /proc/sys/<key with dots or slashes> inside the netns. */
  setSysctl(key: string, value: string, netns?: string): Promise<void>;
  getSysctl(key: string, netns?: string): Promise<string>;

  /**
   * batch runs several `ip` argument lists (e.g. from `routeCommand`) with `ip -batch -` inside the netns, stopping
   * at the first failure, which is thrown with `batchIndex` set (see BatchPosition). A command may start with `-4`
   * or `-6` (needed by `rule`); consecutive commands of one family share one process.
   */
  batch(commands: string[][], netns?: string): Promise<void>;

  /**
   * batchAll runs every command even when some fail (`ip -force -batch -`) and returns the failures, each with the
   * typed error batch would have thrown. DEL uses it to remove many objects, some of which may already be gone.
   */
  batchAll(commands: string[][], netns?: string): Promise<BatchFailure[]>;
}

/** One failed command of batchAll. */
export interface BatchFailure {
  /** 0-based index in the command list. */
  index: number;
  command: string[];
  error: Error;
}
