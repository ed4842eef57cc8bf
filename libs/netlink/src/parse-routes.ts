import type { NextHop, RouteSpec } from './kernel-objects';
import { parseJsonArray } from './parse-links';

/** The main routing table's id. */
export const MAIN_TABLE = 254;

interface IpNextHopJson {
  gateway?: string;
  dev?: string;
  weight?: number;
  flags?: string[];
}

interface IpRouteJson extends IpNextHopJson {
  type?: string;
  dst: string;
  table?: string;
  protocol?: string;
  scope?: string;
  metric?: number;
  prefsrc?: string;
  metrics?: Array<{ mtu?: number; advmss?: number }>;
  nexthops?: IpNextHopJson[];
}

// `ip -N` prints route types and protocols as numbers (rtnetlink.h RTN_* and RTPROT_*).
const ROUTE_TYPES: Record<string, string> = {
  '1': 'unicast', '2': 'local', '3': 'broadcast', '4': 'anycast', '5': 'multicast', '6': 'blackhole',
  '7': 'unreachable', '8': 'prohibit', '9': 'throw', '10': 'nat',
};
const PROTOCOLS: Record<string, string> = {
  '0': 'unspec', '1': 'redirect', '2': 'kernel', '3': 'boot', '4': 'static', '16': 'dhcp',
};
// Names iproute2 prints for the reserved tables when run without -N.
const TABLE_NAMES: Record<string, number> = { default: 253, main: 254, local: 255 };

/** ListContext fills in what iproute2 leaves out when it was a filter of the listing (`table N`, `dev X`). */
export interface RouteListContext {
  family: 4 | 6;
  table?: number;
  dev?: string;
}

/**
 * parseRoutes turns `ip -N -json -details route show` output into RouteSpecs with canonical CIDR destinations
 * ("default" → 0.0.0.0/0 or ::/0, a host route gets /32 or /128), numeric tables and scopes, and named types.
 */
export function parseRoutes(json: string, ctx: RouteListContext): RouteSpec[] {
  return parseJsonArray<IpRouteJson>(json, 'route show').map((r) => {
    const route: RouteSpec = { dst: canonicalDst(r.dst, ctx.family) };
    if (r.gateway) route.gw = r.gateway;
    const dev = r.dev ?? (r.nexthops?.length ? undefined : ctx.dev);
    if (dev) route.dev = dev;
    if (r.nexthops?.length) route.nexthops = r.nexthops.map(parseNextHop);
    if (r.metric !== undefined) route.metric = r.metric;
    route.table = parseTable(r.table) ?? ctx.table ?? MAIN_TABLE;
    if (r.scope !== undefined && /^\d+$/.test(r.scope)) route.scope = Number(r.scope);
    if (r.prefsrc) route.src = r.prefsrc;
    const type = r.type === undefined ? undefined : (ROUTE_TYPES[r.type] ?? r.type);
    if (type && type !== 'unicast') route.type = type;
    if (r.protocol !== undefined) route.protocol = PROTOCOLS[r.protocol] ?? r.protocol;
    const m = r.metrics?.[0];
    if (m?.mtu) route.mtu = m.mtu;
    if (m?.advmss) route.advmss = m.advmss;
    if (r.flags?.includes('onlink') || r.nexthops?.some((h) => h.flags?.includes('onlink'))) route.onlink = true;
    return route;
  });
}

function parseNextHop(h: IpNextHopJson): NextHop {
  const hop: NextHop = { gw: h.gateway ?? '' };
  if (h.dev) hop.dev = h.dev;
  if (h.weight !== undefined) hop.weight = h.weight;
  return hop;
}

/** parseTable reads a table id printed as a number or a reserved name. */
export function parseTable(t: string | undefined): number | undefined {
  if (t === undefined) return undefined;
  if (/^\d+$/.test(t)) return Number(t);
  return TABLE_NAMES[t];
}

function canonicalDst(dst: string, family: 4 | 6): string {
  if (dst === 'default') return family === 4 ? '0.0.0.0/0' : '::/0';
  if (dst.includes('/')) return dst;
  return `${dst}/${dst.includes(':') ? 128 : 32}`;
}
