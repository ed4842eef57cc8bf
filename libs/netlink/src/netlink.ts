import type { NetlinkOp } from './ops';
import type { AddrInfo, IpvlanMode, LinkInfo, RouteSpec, RuleSpec } from './kernel-objects';

/**
 * The kernel API every plugin uses. The netns is chosen once, by name, before anything is done in it:
 * `netlink.host()` for the plugin's own netns, `netlink.pod(path)` for a netns given by path (`/var/run/netns/x`,
 * `/proc/PID/ns/net`). No method takes a netns argument, so acting on the host is never an omission.
 * Implementations run iproute2 inside the netns; nothing here changes the calling process' own namespace.
 */

export interface AddIpvlanOptions {
  /** Name to create the link with (a temporary one; see createIpvlan in the ipvlan plugin). */
  name: string;
  /** The master link, in the netns the link is added from. */
  master: string;
  mode: IpvlanMode;
  mtu?: number;
  /**
   * Netns to create the link in directly (`ip link add … netns PATH`, one request: no window where the link sits
   * in the master's netns); the master's netns when absent. Must be a pod netns when the master's is one too.
   */
  into?: NetnsScope;
}

/** Netlink is the single gate to the kernel: it hands out the netns to act in. */
export interface Netlink {
  /** host acts in the plugin's own network namespace. */
  host(): NetnsScope;
  /** pod acts in the network namespace at `path` (every call fails with NetnsNotFoundError when it is gone). */
  pod(path: string): NetnsScope;
  /** checkNetns throws NetnsNotFoundError when the path is missing and NotANetnsError when it is not a netns. */
  checkNetns(path: string): Promise<void>;
}

/**
 * NetnsScope is what plugins do inside one netns. Methods throw NetnsNotFoundError / NotANetnsError (the netns),
 * LinkNotFoundError / NetlinkError (the operation). Changes go through batch/batchAll as NetlinkOps; the few
 * single-shot changes plugins need are methods. More (creating veth/bridge/dummy links, moving links…) is in the
 * test-only TestNetnsScope of `@plexus/netlink/testing`.
 */
export interface NetnsScope {
  /** The netns path; undefined for the host. For messages (and for `into` of addIpvlan). */
  readonly path: string | undefined;

  listLinks(): Promise<LinkInfo[]>;
  /** getLink throws LinkNotFoundError. */
  getLink(name: string): Promise<LinkInfo>;
  /** findLink returns undefined instead of throwing when the link is absent. */
  findLink(name: string): Promise<LinkInfo | undefined>;
  /** addIpvlan creates an ipvlan on a master of this netns (see AddIpvlanOptions.into). */
  addIpvlan(opts: AddIpvlanOptions): Promise<void>;
  /** deleteLink throws LinkNotFoundError when absent (callers doing DEL catch it). */
  deleteLink(name: string): Promise<void>;

  /** listAddrs lists the addresses of one link, or of every link when `ifName` is undefined. */
  listAddrs(ifName?: string): Promise<AddrInfo[]>;

  /** listRoutes lists one family's routes of a table (default main); `table: 'all'` lists every table. */
  listRoutes(family: 4 | 6, opts?: { table?: number | 'all'; dev?: string }): Promise<RouteSpec[]>;
  /** replaceRoute is `ip route replace` (idempotent add). */
  replaceRoute(route: RouteSpec): Promise<void>;
  /** deleteRoute throws RouteNotFoundError when absent. */
  deleteRoute(route: RouteSpec): Promise<void>;

  listRules(family: 4 | 6): Promise<RuleSpec[]>;
  addRule(rule: RuleSpec): Promise<void>;

  /** setSysctl writes /proc/sys/<key with dots or slashes> inside the netns. */
  setSysctl(key: string, value: string): Promise<void>;

  /**
   * batch applies ops in order (`ip -batch -`), stopping at the first failure, which is thrown with `batchIndex`
   * set (see BatchPosition). Consecutive ops iproute2 can run under one family option share one process.
   */
  batch(ops: readonly NetlinkOp[]): Promise<void>;

  /**
   * batchAll applies every op even when some fail (`ip -force -batch -`) and returns the failures, each with the
   * typed error batch would have thrown. DEL uses it to remove many objects, some of which may already be gone.
   */
  batchAll(ops: readonly NetlinkOp[]): Promise<BatchFailure[]>;
}

/** One failed op of batchAll. */
export interface BatchFailure {
  /** 0-based index in the op list. */
  index: number;
  op: NetlinkOp;
  error: Error;
}
