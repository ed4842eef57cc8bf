import type { BatchFailure } from './netlink';
import type { AddrInfo, IpvlanMode, LinkInfo, RouteSpec, RuleSpec } from './kernel-objects';
import type { NetlinkOp } from './ops';

/**
 * Where a kernel operation runs: a netns path, or HOST. Internal to the package: the public API never takes one
 * (see NetnsScope), it is only how a scope talks to its implementation. Always the first, required argument.
 */
export type NetnsTarget = string | typeof HOST;
export const HOST = Symbol('host netns');

/** pathOf is the netns path of a target (undefined for the host). */
export function pathOf(ns: NetnsTarget): string | undefined {
  return ns === HOST ? undefined : ns;
}

/** IpvlanRequest is AddIpvlanOptions with the target netns resolved to a path. */
export interface IpvlanRequest {
  name: string;
  master: string;
  mode: IpvlanMode;
  mtu?: number;
  /** Path of the netns to create the link in; the master's netns when undefined. */
  targetNetns?: string;
}

/** NetnsKernel is what an implementation (iproute2, the fake) provides; KernelScope binds it to one netns. */
export interface NetnsKernel {
  checkNetns(path: string): Promise<void>;
  listLinks(ns: NetnsTarget): Promise<LinkInfo[]>;
  getLink(ns: NetnsTarget, name: string): Promise<LinkInfo>;
  findLink(ns: NetnsTarget, name: string): Promise<LinkInfo | undefined>;
  addIpvlan(ns: NetnsTarget, req: IpvlanRequest): Promise<void>;
  addVeth(ns: NetnsTarget, name: string, peerName: string, peerNetns: string | undefined): Promise<void>;
  addBridge(ns: NetnsTarget, name: string): Promise<void>;
  addDummy(ns: NetnsTarget, name: string): Promise<void>;
  moveLink(ns: NetnsTarget, name: string, toNetns: string): Promise<void>;
  listAddrs(ns: NetnsTarget, ifName: string | undefined): Promise<AddrInfo[]>;
  listRoutes(ns: NetnsTarget, family: 4 | 6, opts: { table?: number | 'all'; dev?: string }): Promise<RouteSpec[]>;
  listRules(ns: NetnsTarget, family: 4 | 6): Promise<RuleSpec[]>;
  setSysctl(ns: NetnsTarget, key: string, value: string): Promise<void>;
  getSysctl(ns: NetnsTarget, key: string): Promise<string>;
  /** apply runs one op on its own (its error carries no batch index). */
  apply(ns: NetnsTarget, op: NetlinkOp): Promise<void>;
  batch(ns: NetnsTarget, ops: readonly NetlinkOp[]): Promise<void>;
  batchAll(ns: NetnsTarget, ops: readonly NetlinkOp[]): Promise<BatchFailure[]>;
}
