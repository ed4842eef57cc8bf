import type { Result } from '@plexus/cni-spec';
import { batchIndexOf, routeFamily, type Netlink, type RouteSpec } from '@plexus/netlink';
import type { CmdArgs } from '@plexus/skel';
import { buildResult } from './build-result';
import type { RouteInjectorDeps } from './deps';
import { kernelError } from './errors';
import { loadAttachment } from './load-attachment';
import { addSteps, type Step } from './plan/kernel-commands';
import { planRoutes } from './plan/plan-routes';
import type { RoutePlan } from './plan/types';

/**
 * addRoutes is ADD: validate the config against prevResult, read the defaults being replaced (if any), install
 * everything with one `ip -batch` per family, and return prevResult with the routes added. ADD is transactional:
 * the commands that ran before a failure are undone, newest first, and the original error is reported.
 */
export async function addRoutes(args: CmdArgs, deps: RouteInjectorDeps): Promise<Result> {
  const { conf, prev, pod } = loadAttachment(args);
  const plan = planRoutes(conf, { ifName: pod.name, pod, prevRoutes: prev.routes ?? [] });
  const ctx = { netns: args.netns, ifName: pod.name };
  try {
    await deps.netlink.checkNetns(args.netns);
    const replaced = await readReplacedDefaults(deps.netlink, args.netns, plan);
    await applySteps(deps.netlink, args, addSteps(plan, replaced));
  } catch (e) {
    throw kernelError(e, ctx);
  }
  args.log.info('routes added', { ifName: pod.name, main: plan.main.length, policy: plan.policy.length, defaults: plan.defaults.length });
  return buildResult(prev, plan, conf.cniVersion);
}

/** readReplacedDefaults lists the main-table defaults of each family whose default route we replace. */
async function readReplacedDefaults(netlink: Netlink, netns: string, plan: RoutePlan): Promise<RouteSpec[]> {
  const families = [...new Set(plan.defaults.map(routeFamily))];
  const lists = await Promise.all(families.map((f) => netlink.listRoutes(f, netns, { table: 254 })));
  return lists.flat().filter((r) => r.dst === '0.0.0.0/0' || r.dst === '::/0');
}

/**
 * applySteps runs the steps as one batch. On failure the undo stack holds the inverse of every step that ran
 * (all before the failing index; all of them when ip could not say which failed), and is unwound in reverse in
 * one `ip -force -batch` so a failing undo does not stop the others.
 */
async function applySteps(netlink: Netlink, args: CmdArgs, steps: Step[]): Promise<void> {
  try {
    await netlink.batch(steps.map((s) => s.command), args.netns);
  } catch (e) {
    const failedAt = batchIndexOf(e) ?? steps.length;
    const undo = steps.slice(0, failedAt).map((s) => s.undo).reverse();
    if (undo.length) {
      args.log.warn('ADD failed, undoing', { failedAt, undo: undo.length, error: e });
      try {
        const failures = await netlink.batchAll(undo, args.netns);
        for (const f of failures) args.log.error('undo step failed', { command: f.command.join(' '), error: f.error });
      } catch (undoError) {
        args.log.error('undo failed', { error: undoError });
      }
    }
    throw e;
  }
}
