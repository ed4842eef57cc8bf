import type { RouteSpec, RuleSpec } from './kernel-objects';

/**
 * NetlinkOp is one change to the kernel inside a netns, as data: what plugins put into `batch`/`batchAll`. Only the
 * iproute2 implementation turns an op into `ip` arguments; the fake applies it directly.
 */
export type NetlinkOp =
  | { op: 'route.add' | 'route.replace' | 'route.append' | 'route.del'; route: RouteSpec }
  | { op: 'rule.add' | 'rule.del'; rule: RuleSpec }
  /** IPv6 addresses are added with `nodad` unless `dad` is true. */
  | { op: 'addr.add'; ifName: string; cidr: string; dad?: boolean }
  | { op: 'addr.del'; ifName: string; cidr: string }
  | { op: 'link.up' | 'link.down' | 'link.del'; name: string }
  | { op: 'link.mtu'; name: string; mtu: number }
  | { op: 'link.master'; name: string; master: string }
  | { op: 'link.rename'; name: string; newName: string };

/** The name of an op ("route.add", "link.up"…). */
export type NetlinkOpName = NetlinkOp['op'];
