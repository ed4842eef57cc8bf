import type { Netlink, NetnsScope } from './netlink';
import type { RouteSpec, RuleSpec } from './kernel-objects';

/**
 * What tests (unit specs with the fake, kernel e2e with iproute2) do in a netns beyond what plugins need: build a
 * world (veth pairs, bridges, dummies, addresses, routes) and change it under a plugin. Both FakeNetlink and
 * IpRoute2Netlink implement it; plugins see only NetnsScope.
 */
export interface TestNetnsScope extends NetnsScope {
  /** addVeth creates a pair; the peer goes to `peerIn` when given (this netns otherwise). */
  addVeth(name: string, peerName: string, peerIn?: NetnsScope): Promise<void>;
  addBridge(name: string): Promise<void>;
  addDummy(name: string): Promise<void>;
  /** moveLink moves a link of this netns to another. */
  moveLink(name: string, to: NetnsScope): Promise<void>;
  renameLink(name: string, newName: string): Promise<void>;
  setLinkUp(name: string): Promise<void>;
  setLinkDown(name: string): Promise<void>;
  setLinkMtu(name: string, mtu: number): Promise<void>;
  setLinkMaster(name: string, master: string): Promise<void>;
  /** addAddr adds a CIDR; IPv6 is added with `nodad` unless `dad` is true. */
  addAddr(ifName: string, cidr: string, opts?: { dad?: boolean }): Promise<void>;
  deleteAddr(ifName: string, cidr: string): Promise<void>;
  addRoute(route: RouteSpec): Promise<void>;
  deleteRule(rule: RuleSpec): Promise<void>;
  getSysctl(key: string): Promise<string>;
}

/** TestNetlink hands out TestNetnsScopes. */
export interface TestNetlink extends Netlink {
  host(): TestNetnsScope;
  pod(path: string): TestNetnsScope;
}
