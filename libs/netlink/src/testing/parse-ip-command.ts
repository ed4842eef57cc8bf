import { parseCidr } from '@plexus/ip';
import { NetlinkError } from '../errors';
import type { NextHop, RouteSpec, RuleSpec } from '../netlink';

/** One `ip` command of a batch, decoded into the Netlink call it stands for. */
export type IpCommand =
  | { op: 'addRoute' | 'deleteRoute' | 'replaceRoute' | 'appendRoute'; route: RouteSpec }
  | { op: 'addRule' | 'deleteRule'; rule: RuleSpec }
  | { op: 'addAddr' | 'deleteAddr'; ifName: string; cidr: string; dad: boolean }
  | { op: 'setLinkUp' | 'setLinkDown' | 'deleteLink'; name: string }
  | { op: 'setLinkMtu'; name: string; mtu: number }
  | { op: 'setLinkMaster'; name: string; master: string }
  | { op: 'renameLink'; name: string; newName: string }
  | { op: 'moveLink'; name: string; toNetns: string };

const ROUTE_TYPES = ['unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat'];
const ROUTE_VERBS: Record<string, IpCommand['op']> = { add: 'addRoute', del: 'deleteRoute', delete: 'deleteRoute', replace: 'replaceRoute', append: 'appendRoute' };

/**
 * parseIpCommand decodes the `ip` argument lists Plexus builds (commands.ts) the way iproute2 would, including its
 * family rules: without `-6`, `rule` is IPv4 and rejects an IPv6 selector ("Invalid source address"); a route's
 * family comes from its destination. Anything else throws NetlinkError(invalid), as a syntax error would.
 */
export function parseIpCommand(argv: readonly string[]): IpCommand {
  const flag = argv[0] === '-4' || argv[0] === '-6' ? argv[0] : undefined;
  const [object, verb, ...rest] = flag ? argv.slice(1) : argv;
  const family = flag === '-6' ? 6 : flag === '-4' ? 4 : undefined;
  const line = argv.join(' ');
  switch (object) {
    case 'route': {
      const op = ROUTE_VERBS[verb ?? ''];
      if (!op) break;
      return { op, route: parseRouteArgs(rest, family, line) } as IpCommand;
    }
    case 'rule':
      if (verb !== 'add' && verb !== 'del') break;
      return { op: verb === 'add' ? 'addRule' : 'deleteRule', rule: parseRuleArgs(rest, family ?? 4, line) };
    case 'addr':
    case 'address': {
      if (verb !== 'add' && verb !== 'del') break;
      const [cidr, devKw, ifName, ...opts] = rest;
      if (!cidr || devKw !== 'dev' || !ifName) break;
      checkFamily(cidr, family, line);
      return { op: verb === 'add' ? 'addAddr' : 'deleteAddr', ifName, cidr, dad: !opts.includes('nodad') };
    }
    case 'link':
      return parseLinkArgs(verb, rest, line);
  }
  throw syntax(line, `cannot parse "${line}"`);
}

/** parseRouteArgs reads `[type] DST [via GW] [dev D] [onlink] [table T] [metric M] … [nexthop …]…`. */
export function parseRouteArgs(tokens: readonly string[], family: 4 | 6 | undefined, line = tokens.join(' ')): RouteSpec {
  const t = [...tokens];
  let type: string | undefined;
  if (t[0] && ROUTE_TYPES.includes(t[0])) type = t.shift();
  const rawDst = t.shift();
  if (!rawDst) throw syntax(line, 'missing route destination');
  const dst = rawDst === 'default' ? (family === 6 ? '::/0' : '0.0.0.0/0') : rawDst;
  checkFamily(dst, family, line);
  const route: RouteSpec = { dst };
  if (type && type !== 'unicast') route.type = type;
  while (t.length) {
    const key = t.shift()!;
    if (key === 'nexthop') {
      route.nexthops = [...(route.nexthops ?? []), readNextHop(t, line)];
      continue;
    }
    if (route.nexthops) throw syntax(line, `"nexthop" or end of line is expected instead of "${key}"`);
    if (key === 'onlink') {
      route.onlink = true;
      continue;
    }
    const value = t.shift();
    if (value === undefined) throw syntax(line, `"${key}" needs a value`);
    switch (key) {
      case 'via': route.gw = value; break;
      case 'dev': route.dev = value; break;
      case 'table': route.table = uint(value, line); break;
      case 'metric': case 'priority': case 'preference': route.metric = uint(value, line); break;
      case 'scope': route.scope = uint(value, line); break;
      case 'src': route.src = value; break;
      case 'mtu': route.mtu = uint(value, line); break;
      case 'advmss': route.advmss = uint(value, line); break;
      case 'proto': case 'protocol': route.protocol = value; break;
      default: throw syntax(line, `unknown route option "${key}"`);
    }
  }
  return route;
}

function readNextHop(t: string[], line: string): NextHop {
  const hop: Partial<NextHop> = {};
  while (t.length && t[0] !== 'nexthop') {
    const key = t.shift()!;
    if (key === 'onlink') continue;
    const value = t.shift();
    if (value === undefined) throw syntax(line, `nexthop "${key}" needs a value`);
    if (key === 'via') hop.gw = value;
    else if (key === 'dev') hop.dev = value;
    else if (key === 'weight') hop.weight = uint(value, line);
    else throw syntax(line, `unknown nexthop option "${key}"`);
  }
  if (!hop.gw) throw syntax(line, 'nexthop without "via"');
  return hop as NextHop;
}

/** parseRuleArgs reads `[from CIDR] [to CIDR] table|lookup T [priority|pref P]`. */
export function parseRuleArgs(tokens: readonly string[], family: 4 | 6, line = tokens.join(' ')): RuleSpec {
  const rule: Partial<RuleSpec> = { family };
  for (let i = 0; i < tokens.length; i += 2) {
    const key = tokens[i]!;
    const value = tokens[i + 1];
    if (value === undefined) throw syntax(line, `"${key}" needs a value`);
    switch (key) {
      case 'from':
      case 'to': {
        const c = value === 'all' ? undefined : parseCidr(value.includes('/') ? value : `${value}/${family === 4 ? 32 : 128}`);
        if (value !== 'all' && (!c || c.family !== family)) {
          throw syntax(line, `Invalid ${key === 'from' ? 'source' : 'destination'} address.`);
        }
        if (c) rule[key] = value.includes('/') ? value : `${value}/${family === 4 ? 32 : 128}`;
        break;
      }
      case 'table': case 'lookup': rule.table = uint(value, line); break;
      case 'priority': case 'pref': case 'preference': rule.priority = uint(value, line); break;
      default: throw syntax(line, `unknown rule option "${key}"`);
    }
  }
  if (rule.table === undefined) rule.table = 254;
  return rule as RuleSpec;
}

function parseLinkArgs(verb: string | undefined, rest: string[], line: string): IpCommand {
  const t = rest[0] === 'dev' ? rest.slice(1) : rest;
  const name = t[0];
  if (!name) throw syntax(line, 'missing link name');
  if (verb === 'del' || verb === 'delete') return { op: 'deleteLink', name };
  if (verb !== 'set') throw syntax(line, `unsupported link command "${verb}"`);
  const [key, value] = [t[1], t[2]];
  if (key === 'up') return { op: 'setLinkUp', name };
  if (key === 'down') return { op: 'setLinkDown', name };
  if (value === undefined) throw syntax(line, `link setting "${key}" needs a value`);
  if (key === 'mtu') return { op: 'setLinkMtu', name, mtu: uint(value, line) };
  if (key === 'master') return { op: 'setLinkMaster', name, master: value };
  if (key === 'name') return { op: 'renameLink', name, newName: value };
  if (key === 'netns') return { op: 'moveLink', name, toNetns: value };
  throw syntax(line, `unsupported link setting "${key}"`);
}

function checkFamily(cidr: string, family: 4 | 6 | undefined, line: string): void {
  const c = parseCidr(cidr);
  if (!c) throw syntax(line, `any valid prefix is expected rather than "${cidr}"`);
  if (family && c.family !== family) throw syntax(line, `inet${family === 6 ? '6' : ''} prefix is expected rather than "${cidr}"`);
}

function uint(v: string, line: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) throw syntax(line, `"${v}" is not a valid unsigned integer`);
  return Number(v);
}

function syntax(line: string, msg: string): NetlinkError {
  return new NetlinkError(`ip ${line} failed: Error: ${msg}`, line, `Error: ${msg}`, 'invalid');
}
