import { NetlinkError } from './errors';
import type { AddIpvlanOptions, BatchFailure, NetnsScope } from './netlink';
import type { AddrInfo, LinkInfo, RouteSpec, RuleSpec } from './kernel-objects';
import { HOST, pathOf, type NetnsKernel, type NetnsTarget } from './netns-kernel';
import type { NetlinkOp } from './ops';
import type { TestNetnsScope } from './test-netlink';

/** KernelScope binds a NetnsKernel to one netns: every method acts there, none can reach another by omission. */
export class KernelScope implements TestNetnsScope {
  private readonly ns: NetnsTarget;

  constructor(
    private readonly kernel: NetnsKernel,
    readonly path: string | undefined,
  ) {
    this.ns = path === undefined ? HOST : path;
  }

  listLinks(): Promise<LinkInfo[]> {
    return this.kernel.listLinks(this.ns);
  }

  getLink(name: string): Promise<LinkInfo> {
    return this.kernel.getLink(this.ns, name);
  }

  findLink(name: string): Promise<LinkInfo | undefined> {
    return this.kernel.findLink(this.ns, name);
  }

  async addIpvlan(o: AddIpvlanOptions): Promise<void> {
    const { into, ...rest } = o;
    return this.kernel.addIpvlan(this.ns, { ...rest, targetNetns: this.targetPath(into, 'ipvlan') });
  }

  async addVeth(name: string, peerName: string, peerIn?: NetnsScope): Promise<void> {
    return this.kernel.addVeth(this.ns, name, peerName, this.targetPath(peerIn, 'veth peer'));
  }

  addBridge(name: string): Promise<void> {
    return this.kernel.addBridge(this.ns, name);
  }

  addDummy(name: string): Promise<void> {
    return this.kernel.addDummy(this.ns, name);
  }

  moveLink(name: string, to: NetnsScope): Promise<void> {
    const target = to.path;
    // `ip link set … netns` needs a path; the host has none here (nor does any caller move a link to it).
    if (target === undefined) return Promise.reject(new NetlinkError(`cannot move link "${name}" to the host netns by path`, 'link set netns', '', 'invalid'));
    return this.kernel.moveLink(this.ns, name, target);
  }

  renameLink(name: string, newName: string): Promise<void> {
    return this.kernel.apply(this.ns, { op: 'link.rename', name, newName });
  }

  setLinkUp(name: string): Promise<void> {
    return this.kernel.apply(this.ns, { op: 'link.up', name });
  }

  setLinkDown(name: string): Promise<void> {
    return this.kernel.apply(this.ns, { op: 'link.down', name });
  }

  setLinkMtu(name: string, mtu: number): Promise<void> {
    return this.kernel.apply(this.ns, { op: 'link.mtu', name, mtu });
  }

  setLinkMaster(name: string, master: string): Promise<void> {
    return this.kernel.apply(this.ns, { op: 'link.master', name, master });
  }

  deleteLink(name: string): Promise<void> {
    return this.kernel.apply(this.ns, { op: 'link.del', name });
  }

  listAddrs(ifName?: string): Promise<AddrInfo[]> {
    return this.kernel.listAddrs(this.ns, ifName);
  }

  addAddr(ifName: string, cidr: string, opts: { dad?: boolean } = {}): Promise<void> {
    return this.kernel.apply(this.ns, { op: 'addr.add', ifName, cidr, dad: opts.dad });
  }

  deleteAddr(ifName: string, cidr: string): Promise<void> {
    return this.kernel.apply(this.ns, { op: 'addr.del', ifName, cidr });
  }

  listRoutes(family: 4 | 6, opts: { table?: number | 'all'; dev?: string } = {}): Promise<RouteSpec[]> {
    return this.kernel.listRoutes(this.ns, family, opts);
  }

  addRoute(route: RouteSpec): Promise<void> {
    return this.kernel.apply(this.ns, { op: 'route.add', route });
  }

  replaceRoute(route: RouteSpec): Promise<void> {
    return this.kernel.apply(this.ns, { op: 'route.replace', route });
  }

  deleteRoute(route: RouteSpec): Promise<void> {
    return this.kernel.apply(this.ns, { op: 'route.del', route });
  }

  listRules(family: 4 | 6): Promise<RuleSpec[]> {
    return this.kernel.listRules(this.ns, family);
  }

  addRule(rule: RuleSpec): Promise<void> {
    return this.kernel.apply(this.ns, { op: 'rule.add', rule });
  }

  deleteRule(rule: RuleSpec): Promise<void> {
    return this.kernel.apply(this.ns, { op: 'rule.del', rule });
  }

  setSysctl(key: string, value: string): Promise<void> {
    return this.kernel.setSysctl(this.ns, key, value);
  }

  getSysctl(key: string): Promise<string> {
    return this.kernel.getSysctl(this.ns, key);
  }

  batch(ops: readonly NetlinkOp[]): Promise<void> {
    return this.kernel.batch(this.ns, ops);
  }

  batchAll(ops: readonly NetlinkOp[]): Promise<BatchFailure[]> {
    return this.kernel.batchAll(this.ns, ops);
  }

  /**
   * targetPath is the path of another netns a link is created into: undefined for this one. From a pod netns the
   * host has no path to name, so that is refused rather than silently meaning "this netns".
   */
  private targetPath(other: NetnsScope | undefined, what: string): string | undefined {
    if (other === undefined || other.path === pathOf(this.ns)) return undefined;
    if (other.path === undefined) throw new NetlinkError(`cannot create the ${what} in the host netns from netns "${this.path}"`, what, '', 'invalid');
    return other.path;
  }
}
