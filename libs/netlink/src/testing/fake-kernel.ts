import { canonicalCidr, parseCidr } from '@plexus/ip';
import { planBatch } from '../batch-plan';
import { renderOp, routeFamily } from '../commands';
import {
  LinkNotFoundError,
  NetlinkError,
  NetnsNotFoundError,
  NotANetnsError,
  RouteNotFoundError,
  RuleNotFoundError,
  type BatchPosition,
} from '../errors';
import type { BatchFailure } from '../netlink';
import type { AddrInfo, LinkInfo, RouteSpec, RuleSpec } from '../kernel-objects';
import { pathOf, type IpvlanRequest, type NetnsKernel, type NetnsTarget } from '../netns-kernel';
import type { NetlinkOp } from '../ops';
import { routeMatches, ruleMatches } from '../route-match';
import { sysctlPath } from '../sysctl-key';
import { FaultPlan, type FakeCall, type FakeOp, type FaultSpec } from './fake-faults';
import {
  connectedLinkFor,
  defaultRulePriority,
  newNetnsState,
  prefixRouteOf,
  type FakeAddr,
  type FakeLink,
  type FakeNetnsState,
} from './fake-netns';

/** Options of the fake kernel. */
export interface FakeNetlinkOptions {
  /** Link kinds the "kernel" can create (default all); others fail like a missing module (not-supported). */
  linkKinds?: string[];
  /**
   * Renaming an UP link fails with EBUSY, as on kernels before 6.x allowed live renames; plugins must rename
   * before setting a link up (default true).
   */
  renameUpFails?: boolean;
  /** Extra netns paths that exist from the start. */
  netns?: string[];
}

/** A snapshot of one namespace for assertions. */
export interface FakeNetnsSnapshot {
  links: LinkInfo[];
  addrs: AddrInfo[];
  routes: RouteSpec[];
  rules: RuleSpec[];
  sysctls: Record<string, string>;
}

const HOST = '<host>';
const ALL_KINDS = ['veth', 'bridge', 'dummy', 'ipvlan', 'macvlan'];
/** Sysctls the kernel parses as integers (writing "x" fails with EINVAL). */
const INTEGER_SYSCTL = /^\/proc\/sys\/net\/(?:ipv4\/ip_forward$|ipv[46]\/(?:conf|neigh)\/)/;

/**
 * FakeKernel is the in-memory kernel behind FakeNetlink: namespaces (by path) with links, addresses, routes per table, rules and
 * sysctls. It enforces what plugins rely on (missing netns/link errors, EEXIST, a gateway must be on a connected
 * subnet, deleting a link takes its addresses, routes, veth peer and ipvlan children along) and records every
 * call. Faults can be injected by operation or by call number, including inside a batch, to test rollback.
 */
export class FakeKernel implements NetnsKernel {
  readonly calls: FakeCall[] = [];
  private readonly namespaces = new Map<string, FakeNetnsState>();
  private readonly notNetns = new Set<string>();
  private readonly faults = new FaultPlan();
  private nextId = 2;
  private readonly linkKinds: string[];
  private readonly renameUpFails: boolean;

  constructor(opts: FakeNetlinkOptions = {}) {
    this.linkKinds = opts.linkKinds ?? ALL_KINDS;
    this.renameUpFails = opts.renameUpFails ?? true;
    this.namespaces.set(HOST, newNetnsState(HOST, 1));
    for (const p of opts.netns ?? []) this.addNetns(p);
  }

  // ---------------------------------------------------------------- test set-up and inspection

  /** addNetns creates a namespace at `path` (like `ip netns add`), with `lo` and the default rules. */
  addNetns(path: string): this {
    if (!this.namespaces.has(path)) this.namespaces.set(path, newNetnsState(path, 1));
    return this;
  }

  /** removeNetns destroys a namespace (like `ip netns del` of the last reference): its links go, veth peers too. */
  removeNetns(path: string): this {
    const ns = this.namespaces.get(path);
    if (!ns) return this;
    for (const l of [...ns.links]) if (l.name !== 'lo') this.destroyLink(l);
    this.namespaces.delete(path);
    return this;
  }

  /** markNotANetns makes `path` exist but not be a netns (e.g. a leftover regular file). */
  markNotANetns(path: string): this {
    this.notNetns.add(path);
    return this;
  }

  /** failOn arms a fault: see FaultSpec. `failOn('addRule')` fails the next addRule, direct or in a batch. */
  failOn(op: FakeOp, spec: Omit<FaultSpec, 'op'> = {}): this {
    this.faults.arm({ ...spec, op });
    return this;
  }

  /** failAtCall fails the nth call of any operation from now on (1-based, batch sub-commands included). */
  failAtCall(n: number, error?: Error): this {
    this.faults.arm({ nth: n, error });
    return this;
  }

  /** clearFaults disarms every fault. */
  clearFaults(): this {
    this.faults.clear();
    return this;
  }

  /**
   * processCount is how many processes IpRoute2Netlink would have started for the recorded calls: one per call,
   * one per family run of a batch, none for checkNetns (a statfs).
   */
  processCount(): number {
    return this.calls
      .filter((c) => !c.viaBatch && c.op !== 'checkNetns')
      .reduce((n, c) => n + (c.op === 'batch' || c.op === 'batchAll' ? (c.args[1] as number) : 1), 0);
  }

  /** ops lists recorded operations as "op" strings (batch sub-commands marked with a leading "batch:"). */
  ops(): string[] {
    return this.calls.map((c) => (c.viaBatch ? `batch:${c.op}` : c.op));
  }

  /** snapshot copies one namespace's state (host when undefined). */
  snapshot(netns: string | undefined): FakeNetnsSnapshot {
    const ns = this.peek(netns);
    return {
      links: ns.links.map((l) => this.toLinkInfo(ns, l)),
      addrs: ns.addrs.map((a) => ({ address: a.cidr, family: a.family, ifName: a.ifName })),
      routes: structuredClone(ns.routes),
      rules: structuredClone(ns.rules),
      sysctls: Object.fromEntries(ns.sysctls),
    };
  }

  /** hasNetns tells whether a namespace exists. */
  hasNetns(path: string): boolean {
    return this.namespaces.has(path);
  }

  // ---------------------------------------------------------------- NetnsKernel

  async checkNetns(path: string): Promise<void> {
    this.enter('checkNetns', path, []);
  }

  async listLinks(target: NetnsTarget): Promise<LinkInfo[]> {
    const ns = this.enter('listLinks', pathOf(target), []);
    return ns.links.map((l) => this.toLinkInfo(ns, l));
  }

  async getLink(target: NetnsTarget, name: string): Promise<LinkInfo> {
    const netns = pathOf(target);
    const ns = this.enter('getLink', netns, [name]);
    return this.toLinkInfo(ns, this.link(ns, name, netns));
  }

  async findLink(target: NetnsTarget, name: string): Promise<LinkInfo | undefined> {
    const ns = this.enter('findLink', pathOf(target), [name]);
    const l = ns.links.find((x) => x.name === name);
    return l && this.toLinkInfo(ns, l);
  }

  async addIpvlan(target: NetnsTarget, o: IpvlanRequest): Promise<void> {
    const netns = pathOf(target);
    const from = this.enter('addIpvlan', netns, [o]);
    const master = this.link(from, o.master, netns);
    this.requireKind('ipvlan');
    const into = o.targetNetns === undefined ? from : this.ns(o.targetNetns);
    if (o.mtu !== undefined) this.checkMtu(o.name, o.mtu);
    this.requireFreeName(into, o.name);
    into.links.push({ id: this.nextId++, name: o.name, kind: 'ipvlan', mtu: o.mtu ?? master.mtu, up: false, mac: master.mac, parentId: master.id, ipvlanMode: o.mode });
  }

  async addVeth(target: NetnsTarget, name: string, peerName: string, peerNetns: string | undefined): Promise<void> {
    const ns = this.enter('addVeth', pathOf(target), [name, peerName, peerNetns]);
    this.requireKind('veth');
    const peerNs = peerNetns === undefined ? ns : this.ns(peerNetns);
    this.requireFreeName(ns, name);
    this.requireFreeName(peerNs, peerName);
    if (ns === peerNs && name === peerName) throw this.error(`link add ${name}`, 'RTNETLINK answers: File exists', 'exists');
    const a = this.newLink(name, 'veth');
    const b = this.newLink(peerName, 'veth');
    a.peerId = b.id;
    b.peerId = a.id;
    ns.links.push(a);
    peerNs.links.push(b);
  }

  async addBridge(target: NetnsTarget, name: string): Promise<void> {
    const ns = this.enter('addBridge', pathOf(target), [name]);
    this.requireKind('bridge');
    this.requireFreeName(ns, name);
    ns.links.push(this.newLink(name, 'bridge'));
  }

  async addDummy(target: NetnsTarget, name: string): Promise<void> {
    const ns = this.enter('addDummy', pathOf(target), [name]);
    this.requireKind('dummy');
    this.requireFreeName(ns, name);
    ns.links.push(this.newLink(name, 'dummy'));
  }

  async moveLink(target: NetnsTarget, name: string, toNetns: string): Promise<void> {
    const netns = pathOf(target);
    const from = this.enter('moveLink', netns, [name, toNetns]);
    this.applyMove(from, name, toNetns, netns);
  }

  async listAddrs(target: NetnsTarget, ifName: string | undefined): Promise<AddrInfo[]> {
    const netns = pathOf(target);
    const ns = this.enter('listAddrs', netns, [ifName]);
    if (ifName !== undefined) this.link(ns, ifName, netns);
    return ns.addrs.filter((a) => ifName === undefined || a.ifName === ifName).map((a) => ({ address: a.cidr, family: a.family, ifName: a.ifName, scope: a.scope ?? 'global' }));
  }

  async listRoutes(target: NetnsTarget, family: 4 | 6, opts: { table?: number | 'all'; dev?: string }): Promise<RouteSpec[]> {
    const netns = pathOf(target);
    const ns = this.enter('listRoutes', netns, [family, opts]);
    if (opts.dev !== undefined) this.link(ns, opts.dev, netns);
    const table = opts.table ?? 254;
    return structuredClone(
      ns.routes.filter(
        (r) =>
          routeFamily(r) === family &&
          (table === 'all' || r.table === table) &&
          (opts.dev === undefined || r.dev === opts.dev || (r.nexthops ?? []).some((h) => h.dev === opts.dev)),
      ),
    );
  }

  async listRules(target: NetnsTarget, family: 4 | 6): Promise<RuleSpec[]> {
    const ns = this.enter('listRules', pathOf(target), [family]);
    return structuredClone(ns.rules.filter((r) => r.family === family).sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0)));
  }

  async setSysctl(target: NetnsTarget, key: string, value: string): Promise<void> {
    const ns = this.enter('setSysctl', pathOf(target), [key, value]);
    const path = this.sysctlFile(ns, key);
    if (/\n./.test(value) || (INTEGER_SYSCTL.test(path) && !/^\s*-?\d+\s*$/.test(value))) {
      throw this.error(`sysctl ${key}`, `tee: ${path}: Invalid argument`, 'invalid');
    }
    ns.sysctls.set(path, value.trim());
  }

  async getSysctl(target: NetnsTarget, key: string): Promise<string> {
    const ns = this.enter('getSysctl', pathOf(target), [key]);
    const path = this.sysctlFile(ns, key);
    const v = ns.sysctls.get(path) ?? (/\/conf\/[^/]+\/|\/neigh\/[^/]+\//.test(path) ? '0' : undefined);
    if (v === undefined) throw this.error(`sysctl ${key}`, `cat: ${path}: No such file or directory`, 'not-found');
    return v;
  }

  /** apply records a single-shot op under its method name ("addRoute", "deleteLink"…) and applies it. */
  async apply(target: NetnsTarget, op: NetlinkOp): Promise<void> {
    const netns = pathOf(target);
    renderOp(op, true); // refuses what iproute2 could not be given, as IpRoute2Netlink would before running anything
    const ns = this.enter(FAKE_OP[op.op], netns, [op]);
    this.applyOp(ns, op, netns);
  }

  async batch(target: NetnsTarget, ops: readonly NetlinkOp[]): Promise<void> {
    const netns = pathOf(target);
    const runs = familyRuns(ops);
    const ns = this.enter('batch', netns, [ops, runs]);
    ops.forEach((op, index) => {
      const err = this.runBatchOp(ns, op, netns);
      if (err) {
        (err as BatchPosition).batchIndex = index;
        throw err;
      }
    });
  }

  async batchAll(target: NetnsTarget, ops: readonly NetlinkOp[]): Promise<BatchFailure[]> {
    const netns = pathOf(target);
    const runs = familyRuns(ops);
    const ns = this.enter('batchAll', netns, [ops, runs]);
    const failures: BatchFailure[] = [];
    ops.forEach((op, index) => {
      const error = this.runBatchOp(ns, op, netns);
      if (error) {
        (error as BatchPosition).batchIndex = index;
        failures.push({ index, op, error });
      }
    });
    return failures;
  }

  // ---------------------------------------------------------------- internals

  /** enter records a call, fires an armed fault, and resolves the namespace (as nsenter would fail first). */
  private enter(op: FakeOp, netns: string | undefined, args: unknown[]): FakeNetnsState {
    const call: FakeCall = { op, netns, args };
    this.calls.push(call);
    const ns = this.ns(netns);
    const fault = this.faults.errorFor(call);
    if (fault) throw fault;
    return ns;
  }

  private runBatchOp(ns: FakeNetnsState, op: NetlinkOp, netns: string | undefined): Error | undefined {
    const call: FakeCall = { op: FAKE_OP[op.op], netns, args: [op], viaBatch: true };
    this.calls.push(call);
    try {
      const fault = this.faults.errorFor(call);
      if (fault) throw fault;
      this.applyOp(ns, op, netns);
      return undefined;
    } catch (e) {
      return e as Error;
    }
  }

  private applyOp(ns: FakeNetnsState, o: NetlinkOp, netns: string | undefined): void {
    switch (o.op) {
      case 'route.add': return this.applyRoute(ns, 'addRoute', o.route, netns);
      case 'route.replace': return this.applyRoute(ns, 'replaceRoute', o.route, netns);
      case 'route.append': return this.applyRoute(ns, 'appendRoute', o.route, netns);
      case 'route.del': return this.applyDeleteRoute(ns, o.route);
      case 'rule.add': return this.applyAddRule(ns, o.rule);
      case 'rule.del': return this.applyDeleteRule(ns, o.rule);
      case 'addr.add': return this.applyAddAddr(ns, o.ifName, o.cidr, netns);
      case 'addr.del': return this.applyDeleteAddr(ns, o.ifName, o.cidr, netns);
      case 'link.up': return this.applyUpDown(ns, this.link(ns, o.name, netns), true);
      case 'link.down': return this.applyUpDown(ns, this.link(ns, o.name, netns), false);
      case 'link.mtu': return this.applyMtu(ns, o.name, o.mtu, netns);
      case 'link.master': return this.applyMaster(ns, o.name, o.master, netns);
      case 'link.rename': return this.applyRename(ns, o.name, o.newName, netns);
      case 'link.del': return this.applyDeleteLink(ns, o.name, netns);
    }
  }

  private applyDeleteLink(ns: FakeNetnsState, name: string, netns: string | undefined): void {
    const l = this.link(ns, name, netns);
    if (l.name === 'lo') throw this.error('link del lo', 'RTNETLINK answers: Operation not supported', 'not-supported');
    this.destroyLink(l);
  }

  private ns(netns: string | undefined): FakeNetnsState {
    if (netns === undefined) return this.namespaces.get(HOST)!;
    if (this.notNetns.has(netns)) throw new NotANetnsError(netns);
    const ns = this.namespaces.get(netns);
    if (!ns) throw new NetnsNotFoundError(netns);
    return ns;
  }

  private peek(netns: string | undefined): FakeNetnsState {
    const ns = this.namespaces.get(netns ?? HOST);
    if (!ns) throw new NetnsNotFoundError(netns ?? HOST);
    return ns;
  }

  private link(ns: FakeNetnsState, name: string, netns: string | undefined): FakeLink {
    const l = ns.links.find((x) => x.name === name);
    if (!l) throw new LinkNotFoundError(name, netns);
    return l;
  }

  private newLink(name: string, kind: string): FakeLink {
    const id = this.nextId++;
    const mac = `02:00:00:00:${((id >> 8) & 0xff).toString(16).padStart(2, '0')}:${(id & 0xff).toString(16).padStart(2, '0')}`;
    return { id, name, kind, mtu: 1500, up: false, mac };
  }

  private requireKind(kind: string): void {
    if (!this.linkKinds.includes(kind)) throw this.error(`link add type ${kind}`, 'Error: Unknown device type.', 'not-supported');
  }

  private requireFreeName(ns: FakeNetnsState, name: string): void {
    if (ns.links.some((l) => l.name === name)) throw this.error(`link add ${name}`, 'RTNETLINK answers: File exists', 'exists');
  }

  private error(command: string, stderr: string, kind: NetlinkError['kind']): NetlinkError {
    return new NetlinkError(`ip ${command} failed: ${stderr}`, command, stderr, kind);
  }

  private toLinkInfo(ns: FakeNetnsState, l: FakeLink): LinkInfo {
    const info: LinkInfo = { name: l.name, index: l.id, mtu: l.mtu, up: l.up, mac: l.mac };
    if (l.kind) info.kind = l.kind;
    const parentId = l.parentId ?? l.peerId;
    if (parentId !== undefined) {
      info.parentIndex = parentId;
      // iproute2 names the parent (or the veth peer) when it is in the same netns.
      const parent = ns.links.find((x) => x.id === parentId);
      if (parent) info.parentName = parent.name;
    }
    if (l.ipvlanMode) info.ipvlanMode = l.ipvlanMode;
    const master = ns.links.find((x) => x.id === l.masterId);
    if (master) info.master = master.name;
    return info;
  }

  /** destroyLink removes a link with what the kernel removes along: addresses, routes, peer, children. */
  private destroyLink(l: FakeLink): void {
    const gone = new Set<number>([l.id]);
    if (l.peerId !== undefined) gone.add(l.peerId);
    for (const space of this.namespaces.values()) {
      for (const x of space.links) if (x.parentId !== undefined && gone.has(x.parentId)) gone.add(x.id);
    }
    for (const space of this.namespaces.values()) {
      for (const x of space.links.filter((y) => gone.has(y.id))) this.forgetLinkState(space, x.name);
      space.links = space.links.filter((y) => !gone.has(y.id));
      for (const x of space.links) if (x.masterId !== undefined && gone.has(x.masterId)) delete x.masterId;
    }
  }

  private forgetLinkState(ns: FakeNetnsState, name: string): void {
    ns.addrs = ns.addrs.filter((a) => a.ifName !== name);
    ns.routes = ns.routes.filter((r) => !routeUsesDev(r, name));
  }

  private applyMove(from: FakeNetnsState, name: string, toNetns: string, fromNetns: string | undefined): void {
    const l = this.link(from, name, fromNetns);
    const to = this.ns(toNetns);
    if (to === from) return;
    this.requireFreeName(to, name);
    // Moving a link flushes its addresses and routes and brings it down, as the kernel does.
    this.forgetLinkState(from, name);
    from.links = from.links.filter((x) => x !== l);
    l.up = false;
    delete l.masterId;
    to.links.push(l);
  }

  private applyRename(ns: FakeNetnsState, name: string, newName: string, netns: string | undefined): void {
    const l = this.link(ns, name, netns);
    if (name === newName) return;
    this.requireFreeName(ns, newName);
    if (l.up && this.renameUpFails) throw this.error(`link set ${name} name ${newName}`, 'RTNETLINK answers: Device or resource busy', 'other');
    l.name = newName;
    for (const a of ns.addrs) if (a.ifName === name) a.ifName = newName;
    for (const r of ns.routes) {
      if (r.dev === name) r.dev = newName;
      for (const h of r.nexthops ?? []) if (h.dev === name) h.dev = newName;
    }
  }

  /**
   * applyMtu sets a link's MTU. As observed on Linux 6.1, an ipvlan may be set above its master's MTU, and every
   * ipvlan follows its master when the master's MTU changes (ipvlan_adjust_mtu on NETDEV_CHANGEMTU).
   */
  private applyMtu(ns: FakeNetnsState, name: string, mtu: number, netns: string | undefined): void {
    const l = this.link(ns, name, netns);
    this.checkMtu(name, mtu);
    l.mtu = mtu;
    for (const space of this.namespaces.values()) {
      for (const child of space.links) if (child.parentId === l.id && child.kind === 'ipvlan') child.mtu = mtu;
    }
  }

  private checkMtu(name: string, mtu: number): void {
    if (mtu < 68) throw this.error(`link set ${name} mtu ${mtu}`, 'Error: mtu less than device minimum.', 'invalid');
    if (mtu > 65535) throw this.error(`link set ${name} mtu ${mtu}`, 'Error: mtu greater than device maximum.', 'invalid');
  }

  private applyMaster(ns: FakeNetnsState, name: string, master: string, netns: string | undefined): void {
    const l = this.link(ns, name, netns);
    const m = this.link(ns, master, netns);
    if (m.kind !== 'bridge') throw this.error(`link set ${name} master ${master}`, 'RTNETLINK answers: Operation not supported', 'not-supported');
    l.masterId = m.id;
  }

  private applyAddAddr(ns: FakeNetnsState, ifName: string, cidr: string, netns: string | undefined): void {
    const link = this.link(ns, ifName, netns);
    const c = parseCidr(cidr);
    if (!c) throw this.error(`addr add ${cidr}`, `Error: any valid prefix is expected rather than "${cidr}".`, 'invalid');
    const canon = canonicalCidr(cidr)!;
    const ip = canon.split('/')[0];
    // IPv4 keys an address by (address, prefix length): 10.0.0.1/24 and 10.0.0.1/16 may coexist; IPv6 by address.
    if (ns.addrs.some((a) => a.ifName === ifName && a.cidr.split('/')[0] === ip && (c.family === 6 || a.cidr === canon))) {
      throw this.error(`addr add ${cidr} dev ${ifName}`, `Error: ipv${c.family}: Address already assigned.`, 'exists');
    }
    const addr: FakeAddr = { ifName, cidr: canon, family: c.family };
    ns.addrs.push(addr);
    if (link.up) this.addPrefixRoute(ns, addr);
  }

  /** addPrefixRoute adds the "proto kernel" route of an address (the kernel does so while its link is up). */
  private addPrefixRoute(ns: FakeNetnsState, addr: FakeAddr): void {
    const prefix = prefixRouteOf(addr);
    if (prefix && !ns.routes.some((r) => routeMatches(r, { ...prefix, src: undefined }))) ns.routes.push(prefix);
  }

  /**
   * applyUpDown sets IFF_UP with what the kernel does along (observed on Linux 6.18): up adds the prefix routes of
   * the link's addresses (and 127.0.0.1/8, ::1/128 on lo); down removes every route through the link and its IPv6
   * addresses (net.ipv6.conf.*.keep_addr_on_down is 0), keeping the IPv4 ones.
   */
  private applyUpDown(ns: FakeNetnsState, l: FakeLink, up: boolean): void {
    if (l.up === up) return;
    l.up = up;
    if (up) {
      if (l.name === 'lo') {
        for (const [cidr, family] of [['127.0.0.1/8', 4], ['::1/128', 6]] as const) {
          if (!ns.addrs.some((a) => a.ifName === 'lo' && a.cidr === cidr)) ns.addrs.push({ ifName: 'lo', cidr, family, scope: 'host' });
        }
      }
      for (const a of ns.addrs.filter((x) => x.ifName === l.name)) this.addPrefixRoute(ns, a);
      return;
    }
    ns.routes = ns.routes.filter((r) => !routeUsesDev(r, l.name));
    ns.addrs = ns.addrs.filter((a) => !(a.ifName === l.name && a.family === 6));
  }

  private applyDeleteAddr(ns: FakeNetnsState, ifName: string, cidr: string, netns: string | undefined): void {
    this.link(ns, ifName, netns);
    const canon = canonicalCidr(cidr);
    const i = ns.addrs.findIndex((a) => a.ifName === ifName && a.cidr === canon);
    if (i < 0) throw this.error(`addr del ${cidr} dev ${ifName}`, `Error: ipv${cidr.includes(':') ? 6 : 4}: Address not found.`, 'not-found');
    const [addr] = ns.addrs.splice(i, 1);
    const prefix = prefixRouteOf(addr!);
    const sameSubnet = (a: FakeAddr): boolean => a.ifName === ifName && prefixRouteOf(a)?.dst === prefix?.dst;
    if (prefix && !ns.addrs.some(sameSubnet)) ns.routes = ns.routes.filter((r) => !(r.protocol === 'kernel' && routeMatches(r, { dst: prefix.dst, dev: ifName, table: 254 })));
  }

  /** applyRoute adds, appends or replaces a route after the kernel's checks. */
  private applyRoute(ns: FakeNetnsState, op: 'addRoute' | 'replaceRoute' | 'appendRoute', spec: RouteSpec, netns: string | undefined): void {
    const route = this.normaliseRoute(ns, spec, netns);
    const same = (r: RouteSpec): boolean =>
      r.table === route.table && canonicalCidr(r.dst) === canonicalCidr(route.dst) && (r.metric ?? 0) === (route.metric ?? 0);
    if (op === 'replaceRoute') {
      ns.routes = ns.routes.filter((r) => !same(r));
    } else if (op === 'addRoute' && ns.routes.some(same)) {
      throw this.error(`route add ${spec.dst}`, 'RTNETLINK answers: File exists', 'exists');
    }
    ns.routes.push(route);
  }

  /** normaliseRoute fills in what the kernel fills in and refuses an unreachable gateway or a missing dev. */
  private normaliseRoute(ns: FakeNetnsState, spec: RouteSpec, netns: string | undefined): RouteSpec {
    const family = routeFamily(spec);
    const route: RouteSpec = structuredClone(spec);
    delete route.protocol;
    route.dst = canonicalCidr(spec.dst)!;
    route.table = spec.table ?? 254;
    if (family === 6 && route.metric === undefined) route.metric = 1024;
    if (route.metric === 0) delete route.metric;
    route.protocol = spec.protocol ?? 'boot';
    // A gateway is looked up first (a down link has no routes: "invalid gateway"); a direct or onlink route
    // needs its device up.
    const direct = route.onlink || (route.gw === undefined && !route.nexthops?.length);
    if (route.dev !== undefined && !this.link(ns, route.dev, netns).up && direct) {
      throw this.error(`route add ${spec.dst}`, 'Error: Nexthop device is not up.', 'other');
    }
    const typed = route.type !== undefined && route.type !== 'unicast';
    if (route.nexthops?.length) {
      for (const hop of route.nexthops) {
        if (hop.dev !== undefined && !this.link(ns, hop.dev, netns).up && route.onlink) {
          throw this.error(`route add ${spec.dst}`, 'Error: Nexthop device is not up.', 'other');
        }
        const dev = route.onlink ? hop.dev : connectedLinkFor(ns, hop.gw, hop.dev);
        if (!dev) throw this.error(`route add ${spec.dst}`, 'Error: Nexthop has invalid gateway.', 'invalid');
        hop.dev = dev;
        hop.weight ??= 1;
      }
    } else if (route.gw !== undefined) {
      const dev = route.onlink ? route.dev : connectedLinkFor(ns, route.gw, route.dev);
      if (!dev) throw this.error(`route add ${spec.dst}`, 'Error: Nexthop has invalid gateway.', 'invalid');
      route.dev = dev;
    } else if (!typed && route.dev === undefined) {
      throw this.error(`route add ${spec.dst}`, 'Error: Device for nexthop is not up.', 'invalid');
    }
    if (route.scope === undefined) route.scope = family === 4 && !route.gw && !route.nexthops?.length && !typed ? 253 : 0;
    return route;
  }

  private applyDeleteRoute(ns: FakeNetnsState, spec: RouteSpec): void {
    const i = ns.routes.findIndex((r) => routeMatches(r, { ...spec, table: spec.table ?? 254 }));
    if (i < 0) throw new RouteNotFoundError(`route not found: ${spec.dst}${spec.table ? ` table ${spec.table}` : ''}`);
    ns.routes.splice(i, 1);
  }

  private applyAddRule(ns: FakeNetnsState, spec: RuleSpec): void {
    const rule: RuleSpec = structuredClone(spec);
    for (const k of ['from', 'to'] as const) {
      const v = rule[k];
      if (v === undefined) continue;
      const c = parseCidr(v);
      if (!c || c.family !== rule.family) throw this.error(`rule add ${k} ${v}`, `Error: Invalid ${k === 'from' ? 'source' : 'destination'} address.`, 'invalid');
      rule[k] = canonicalCidr(v);
    }
    // Like the kernel, only a rule given with an explicit priority can collide ("File exists").
    if (rule.priority !== undefined && ns.rules.some((r) => ruleMatches(r, rule))) {
      throw this.error(`rule add table ${rule.table}`, 'RTNETLINK answers: File exists', 'exists');
    }
    rule.priority ??= defaultRulePriority(ns.rules, rule.family);
    ns.rules.push(rule);
  }

  private applyDeleteRule(ns: FakeNetnsState, spec: RuleSpec): void {
    // The kernel deletes the first match in priority order.
    const sorted = [...ns.rules].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    const hit = sorted.find((r) => ruleMatches(r, spec));
    if (!hit) throw new RuleNotFoundError(`rule not found: from ${spec.from ?? 'all'} table ${spec.table}`);
    ns.rules.splice(ns.rules.indexOf(hit), 1);
  }

  private sysctlFile(ns: FakeNetnsState, key: string): string {
    const path = sysctlPath(key);
    // Per-interface keys exist only while the interface does (all/default always).
    const m = /^\/proc\/sys\/net\/ipv[46]\/(?:conf|neigh)\/([^/]+)\//.exec(path);
    if (m && m[1] !== 'all' && m[1] !== 'default' && !ns.links.some((l) => l.name === m[1])) {
      throw this.error(`sysctl ${key}`, `tee: ${path}: No such file or directory`, 'not-found');
    }
    return path;
  }
}

/** routeUsesDev tells whether a route goes through a link (directly or by one of its next hops). */
function routeUsesDev(r: RouteSpec, name: string): boolean {
  return r.dev === name || (r.nexthops ?? []).some((h) => h.dev === name);
}

/** familyRuns counts the `ip -batch` processes IpRoute2Netlink would start for an op list. */
function familyRuns(ops: readonly NetlinkOp[]): number {
  return planBatch(ops.map((o) => renderOp(o))).length;
}

/** FAKE_OP names an op's recorded call (and fault target) after the method it stands for. */
const FAKE_OP: Record<NetlinkOp['op'], FakeOp> = {
  'route.add': 'addRoute',
  'route.replace': 'replaceRoute',
  'route.append': 'appendRoute',
  'route.del': 'deleteRoute',
  'rule.add': 'addRule',
  'rule.del': 'deleteRule',
  'addr.add': 'addAddr',
  'addr.del': 'deleteAddr',
  'link.up': 'setLinkUp',
  'link.down': 'setLinkDown',
  'link.mtu': 'setLinkMtu',
  'link.master': 'setLinkMaster',
  'link.rename': 'renameLink',
  'link.del': 'deleteLink',
};
