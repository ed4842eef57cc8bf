import { canonicalCidr, canonicalIp } from '@plexus/ip';
import type { NextHop, RouteSpec, RuleSpec } from './kernel-objects';
import { MAIN_TABLE } from './parse-routes';

/**
 * routeMatches tells whether a listed route satisfies a wanted one the way `ip route del` selects: same table
 * (main by default) and destination; gateway, nexthops, dev, metric and type only when the wanted route names
 * them. CHECK handlers use it to find what ADD installed among what listRoutes returns.
 */
export function routeMatches(actual: RouteSpec, wanted: RouteSpec): boolean {
  if ((actual.table ?? MAIN_TABLE) !== (wanted.table ?? MAIN_TABLE)) return false;
  if (canonicalCidr(actual.dst) !== canonicalCidr(wanted.dst)) return false;
  if (wanted.metric !== undefined && (actual.metric ?? 0) !== wanted.metric) return false;
  if (wanted.type !== undefined && (actual.type ?? 'unicast') !== wanted.type) return false;
  if (wanted.gw !== undefined && !sameIp(actual.gw, wanted.gw)) return false;
  if (wanted.dev !== undefined && !devMatches(actual, wanted.dev)) return false;
  if (wanted.nexthops?.length && !sameNextHops(actual.nexthops ?? [], wanted.nexthops)) return false;
  return true;
}

/** ruleMatches tells whether a listed rule is the wanted one (priority compared only when wanted names it). */
export function ruleMatches(actual: RuleSpec, wanted: RuleSpec): boolean {
  return (
    actual.family === wanted.family &&
    actual.table === wanted.table &&
    sameCidr(actual.from, wanted.from) &&
    sameCidr(actual.to, wanted.to) &&
    (wanted.priority === undefined || actual.priority === wanted.priority)
  );
}

function devMatches(actual: RouteSpec, dev: string): boolean {
  if (actual.nexthops?.length) return actual.nexthops.every((h) => h.dev === undefined || h.dev === dev);
  return actual.dev === dev;
}

/** sameNextHops compares multipath next hops as a set of gateways (and devs/weights the wanted ones name). */
function sameNextHops(actual: NextHop[], wanted: NextHop[]): boolean {
  if (actual.length !== wanted.length) return false;
  const left = [...actual];
  for (const w of wanted) {
    const i = left.findIndex(
      (a) => sameIp(a.gw, w.gw) && (w.dev === undefined || a.dev === w.dev) && (w.weight === undefined || (a.weight ?? 1) === w.weight),
    );
    if (i < 0) return false;
    left.splice(i, 1);
  }
  return true;
}

function sameIp(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (canonicalIp(a) ?? a) === (canonicalIp(b) ?? b);
}

function sameCidr(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (canonicalCidr(a) ?? a) === (canonicalCidr(b) ?? b);
}
