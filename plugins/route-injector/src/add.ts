import type { Result } from '@plexus/cni-spec';
import { batchIndexOf, describeOp, routeFamily,type NetnsScope, type RouteSpec } from '@plexus/netlink';
import type { CmdArgs } from '@plexus/skel';
import { withUndo } from '@plexus/undo';
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
    const pod = deps.netlink.pod(args.netns);
    const replaced = await readReplacedDefaults(pod, plan);
    await applySteps(pod, args, addSteps(plan, replaced));
  } catch (e) {
    throw kernelError(e, ctx);
  }
  args.log.info('routes added', { ifName: pod.name, main: plan.main.length, policy: plan.policy.length, defaults: plan.defaults.length });
  return buildResult(prev, plan, conf.cniVersion);
}

/** readReplacedDefaults lists the main-table defaults of each family whose default route we replace. */
async function readReplacedDefaults(pod: NetnsScope, plan: RoutePlan): Promise<RouteSpec[]> {
  const families = [...new Set(plan.defaults.map(routeFamily))];
  const lists = await Promise.all(families.map((f) => pod.listRoutes(f, { table: 254 })));
  return lists.flat().filter((r) => r.dst === '0.0.0.0/0' || r.dst === '::/0');
}

/**
 * applySteps runs the steps as one batch. `ip -batch` stops at the failing command, so only a failure tells which
 * steps ran (all before the failing index; all of them when ip could not say which failed): their inverses go on
 * the undo stack as one step, which withUndo unwinds before rethrowing the original error. That step runs them in
 * reverse in one `ip -force -batch`, so a failing undo does not stop the others.
 */
async function applySteps(pod: NetnsScope, args: CmdArgs, steps: Step[]): Promise<void> {
  await withUndo(args.log, async (undo) => {
    try {
      await pod.batch(steps.map((s) => s.op));
    } catch (e) {
      const ran = steps.slice(0, batchIndexOf(e) ?? steps.length);
      if (ran.length) {
        args.log.warn('ADD failed, undoing', { failedAt: ran.length, undo: ran.length, error: e });
        undo.push(`undo ${ran.length} kernel commands`, () => undoSteps(pod, args, ran));
      }
      throw e;
    }
  });
}

/** undoSteps runs the inverse of the steps that ran, newest first, logging each one the kernel refused. */
async function undoSteps(pod: NetnsScope, args: CmdArgs, ran: Step[]): Promise<void> {
  const failures = await pod.batchAll(ran.map((s) => s.undo).reverse());
  for (const f of failures) args.log.error('undo step failed', { command: describeOp(f.op), error: f.error });
}
