import { routeFamily, type NetlinkOp, type RouteSpec } from '@plexus/netlink';
import type { RoutePlan } from './types';

/** One change ADD makes and the op that reverses it (the undo stack's entry). */
export interface Step {
  op: NetlinkOp;
  undo: NetlinkOp;
  family: 4 | 6;
}

const FAMILIES = [4, 6] as const;

/**
 * addSteps orders ADD's changes for `batch`: all IPv4 changes, then all IPv6 ones (one `ip -batch` process per
 * family). Within a family: remove the defaults being replaced, add ours, the main routes, the policy tables'
 * routes, and last the rules, so a table is complete before traffic is steered into it.
 */
export function addSteps(plan: RoutePlan, replacedDefaults: readonly RouteSpec[]): Step[] {
  return FAMILIES.flatMap((family) => {
    const of = (routes: readonly RouteSpec[]) => routes.filter((r) => routeFamily(r) === family);
    return [
      ...of(replacedDefaults).map((route): Step => ({ op: { op: 'route.del', route }, undo: { op: 'route.add', route }, family })),
      ...of(plan.defaults).map((r) => addRoute(r, family)),
      ...of(plan.main).map((r) => addRoute(r, family)),
      ...plan.policy.flatMap((p) => of(p.routes)).map((r) => addRoute(r, family)),
      ...plan.policy
        .flatMap((p) => p.rules ?? [])
        .filter((r) => r.family === family)
        .map((rule): Step => ({ op: { op: 'rule.add', rule }, undo: { op: 'rule.del', rule }, family })),
    ];
  });
}

/**
 * deleteOps is what DEL runs: the reverse of addSteps minus the restore of replaced defaults (see README:
 * DEL cannot know them, and the interface is about to go). Rules first, so no traffic is steered into a table
 * being emptied.
 */
export function deleteOps(plan: RoutePlan): NetlinkOp[] {
  return addSteps(plan, [])
    .reduce<Step[][]>((byFamily, step) => {
      const fam = step.family === 6 ? 1 : 0;
      byFamily[fam]!.push(step);
      return byFamily;
    }, [[], []])
    .flatMap((steps) => steps.reverse().map((s) => s.undo));
}

function addRoute(route: RouteSpec, family: 4 | 6): Step {
  return { op: { op: 'route.add', route }, undo: { op: 'route.del', route }, family };
}
