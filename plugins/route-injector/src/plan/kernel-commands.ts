import { routeCommand, routeFamily, ruleCommand, type RouteSpec } from '@plexus/netlink';
import type { RoutePlan } from './types';

/** One change ADD makes and the command that reverses it (the undo stack's entry). */
export interface Step {
  command: string[];
  undo: string[];
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
      ...of(replacedDefaults).map((r) => ({ command: routeCommand('del', r), undo: routeCommand('add', r) })),
      ...of(plan.defaults).map(addRoute),
      ...of(plan.main).map(addRoute),
      ...plan.policy.flatMap((p) => of(p.routes)).map(addRoute),
      ...plan.policy
        .flatMap((p) => p.rules ?? [])
        .filter((r) => r.family === family)
        .map((r) => ({ command: ruleCommand('add', r), undo: ruleCommand('del', r) })),
    ];
  });
}

/**
 * deleteCommands is what DEL runs: the reverse of addSteps minus the restore of replaced defaults (see README:
 * DEL cannot know them, and the interface is about to go). Rules first, so no traffic is steered into a table
 * being emptied.
 */
export function deleteCommands(plan: RoutePlan): string[][] {
  return addSteps(plan, [])
    .reduce<Step[][]>((byFamily, step) => {
      const fam = step.command[0] === '-6' ? 1 : 0;
      byFamily[fam]!.push(step);
      return byFamily;
    }, [[], []])
    .flatMap((steps) => steps.reverse().map((s) => s.undo));
}

function addRoute(route: RouteSpec): Step {
  return { command: routeCommand('add', route), undo: routeCommand('del', route) };
}
