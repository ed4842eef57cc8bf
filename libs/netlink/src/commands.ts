import { parseCidr, parseIp } from '@plexus/ip';
import { NetlinkError } from './errors';
import type { RouteSpec, RuleSpec } from './kernel-objects';
import type { NetlinkOp } from './ops';

/**
 * Pure builders of `ip` argument lists, internal to IpRoute2Netlink (not exported from the package): callers speak
 * NetlinkOp, and renderOp is the one place an op becomes `ip` words. The fake uses renderOp only to refuse what
 * iproute2 would refuse (a token `ip -batch` would split) and to count the processes a batch would start.
 *
 * `ip rule` does not infer the family from its addresses (an IPv6 `from` without `-6` fails with "Invalid source
 * address"), so rule commands start with a family flag; see renderOp for routes and addresses.
 */

/** A route verb of `ip route`. */
export type RouteVerb = 'add' | 'del' | 'replace' | 'append';

/** tokenProblem returns why a value cannot be an `ip` argument (batch lines are split on whitespace). */
export function tokenProblem(token: string): string | undefined {
  if (token === '') return 'is empty';
  if (/[\s"'#\\]/.test(token)) return 'contains whitespace, a quote, "#" or "\\"';
  return undefined;
}

/** checkToken throws NetlinkError(invalid) for a value that would be split or re-interpreted by `ip -batch`. */
export function checkToken(token: string, what: string): string {
  const problem = tokenProblem(token);
  if (problem) throw new NetlinkError(`${what} "${token}" ${problem}`, what, '', 'invalid');
  return token;
}

/** familyFlag renders a family as the `ip` option. */
export function familyFlag(family: 4 | 6): '-4' | '-6' {
  return family === 4 ? '-4' : '-6';
}

/** routeFamily returns the family of a route's destination, throwing NetlinkError(invalid) for a bad CIDR. */
export function routeFamily(route: Pick<RouteSpec, 'dst'>): 4 | 6 {
  const c = parseCidr(route.dst);
  if (!c) throw new NetlinkError(`route dst "${route.dst}" is not a CIDR`, 'route', '', 'invalid');
  return c.family;
}

/**
 * routeCommand builds `-4|-6 route VERB [type] DST [via GW] [dev DEV] [onlink] [table T] [metric M] [scope S]
 * [src IP] [mtu N] [advmss N] [proto P] [nexthop via GW dev DEV weight W]…` (proto only when not iproute2's
 * default "boot", and not on delete, so a route read back by listRoutes can be deleted or restored as it was). Nexthops come last because iproute2 accepts
 * nothing after them ("nexthop" or end of line is expected).
 */
export function routeCommand(verb: RouteVerb, route: RouteSpec): string[] {
  const family = routeFamily(route);
  const args: string[] = [familyFlag(family), 'route', verb];
  if (route.type && route.type !== 'unicast') args.push(checkToken(route.type, 'route type'));
  args.push(route.dst);
  if (route.gw !== undefined) args.push('via', checkAddress(route.gw, 'route gw'));
  if (route.dev !== undefined) args.push('dev', checkToken(route.dev, 'route dev'));
  if (route.onlink && !route.nexthops?.length) args.push('onlink');
  if (route.table !== undefined) args.push('table', checkUint(route.table, 'route table'));
  if (route.metric !== undefined) args.push('metric', checkUint(route.metric, 'route metric'));
  if (route.scope !== undefined) args.push('scope', checkUint(route.scope, 'route scope'));
  if (route.src !== undefined) args.push('src', checkAddress(route.src, 'route src'));
  if (route.mtu !== undefined) args.push('mtu', checkUint(route.mtu, 'route mtu'));
  if (route.advmss !== undefined) args.push('advmss', checkUint(route.advmss, 'route advmss'));
  if (route.protocol !== undefined && route.protocol !== 'boot' && verb !== 'del') args.push('proto', checkToken(route.protocol, 'route protocol'));
  for (const hop of route.nexthops ?? []) {
    args.push('nexthop', 'via', checkAddress(hop.gw, 'nexthop gw'));
    if (hop.dev !== undefined) args.push('dev', checkToken(hop.dev, 'nexthop dev'));
    if (hop.weight !== undefined) args.push('weight', checkUint(hop.weight, 'nexthop weight'));
    if (route.onlink) args.push('onlink');
  }
  return args;
}

/** ruleCommand builds `-4|-6 rule VERB [from CIDR] [to CIDR] table T [priority P]`. */
export function ruleCommand(verb: 'add' | 'del', rule: RuleSpec): string[] {
  const args: string[] = [familyFlag(rule.family), 'rule', verb];
  if (rule.from !== undefined) args.push('from', checkCidr(rule.from, rule.family, 'rule from'));
  if (rule.to !== undefined) args.push('to', checkCidr(rule.to, rule.family, 'rule to'));
  args.push('table', checkUint(rule.table, 'rule table'));
  if (rule.priority !== undefined) args.push('priority', checkUint(rule.priority, 'rule priority'));
  return args;
}

/** addrCommand builds `-4|-6 addr add|del CIDR dev IF [nodad]` (nodad only exists for IPv6). */
export function addrCommand(verb: 'add' | 'del', ifName: string, cidr: string, opts: { dad?: boolean } = {}): string[] {
  const c = parseCidr(cidr);
  if (!c) throw new NetlinkError(`address "${cidr}" is not a CIDR`, 'addr', '', 'invalid');
  const args = [familyFlag(c.family), 'addr', verb, cidr, 'dev', checkToken(ifName, 'addr dev')];
  if (verb === 'add' && c.family === 6 && !opts.dad) args.push('nodad');
  return args;
}

/** linkSetCommand builds `link set NAME key value…` (e.g. `up`, `mtu 1400`, `master br0`, `netns PATH`). */
export function linkSetCommand(name: string, ...settings: string[]): string[] {
  return ['link', 'set', 'dev', checkToken(name, 'link name'), ...settings.map((s) => checkToken(s, 'link setting'))];
}

export function checkUint(n: number, what: string): string {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new NetlinkError(`${what} ${n} is not an unsigned 32-bit integer`, what, '', 'invalid');
  }
  return String(n);
}

function checkAddress(a: string, what: string): string {
  if (!parseIp(a)) throw new NetlinkError(`${what} "${a}" is not an IP address`, what, '', 'invalid');
  return a;
}

function checkCidr(s: string, family: 4 | 6, what: string): string {
  const c = parseCidr(s);
  if (!c || c.family !== family) throw new NetlinkError(`${what} "${s}" is not an IPv${family} CIDR`, what, '', 'invalid');
  return s;
}

/**
 * renderOp builds the `ip` arguments of one op. Routes and addresses carry no family flag: iproute2 takes the
 * family from the address, and a flag is an option of a whole `ip -batch` run, so unflagged commands of both
 * families share one process (a dual-stack interface is configured by one run). Rules need theirs (`ip rule`
 * does not infer the family from its selectors). A command run on its own keeps every flag (`flagged`): it costs
 * nothing there and names the family in messages.
 */
export function renderOp(op: NetlinkOp, flagged = false): string[] {
  const unflag = (args: string[]): string[] => (flagged ? args : args.slice(1));
  switch (op.op) {
    case 'route.add': case 'route.replace': case 'route.append': case 'route.del':
      return unflag(routeCommand(ROUTE_VERB[op.op], op.route));
    case 'rule.add': case 'rule.del':
      return ruleCommand(op.op === 'rule.add' ? 'add' : 'del', op.rule);
    case 'addr.add':
      return unflag(addrCommand('add', op.ifName, op.cidr, { dad: op.dad }));
    case 'addr.del':
      return unflag(addrCommand('del', op.ifName, op.cidr));
    case 'link.up': case 'link.down':
      return linkSetCommand(op.name, op.op === 'link.up' ? 'up' : 'down');
    case 'link.del':
      return ['link', 'del', 'dev', checkToken(op.name, 'link name')];
    case 'link.mtu':
      return linkSetCommand(op.name, 'mtu', checkUint(op.mtu, 'link mtu'));
    case 'link.master':
      return linkSetCommand(op.name, 'master', op.master);
    case 'link.rename':
      return linkSetCommand(op.name, 'name', op.newName);
  }
}

const ROUTE_VERB = { 'route.add': 'add', 'route.replace': 'replace', 'route.append': 'append', 'route.del': 'del' } as const;

/** describeOp renders an op as the `ip` command it stands for, for logs and messages (never throws). */
export function describeOp(op: NetlinkOp): string {
  try {
    return renderOp(op, true).join(' ');
  } catch {
    return JSON.stringify(op);
  }
}
