import { CniError, isCniError, readPrevResult, type Result } from '@plexus/cni-spec';
import { describeOp, isNetnsError, isNotFound, routeFamily, type NetnsScope, type RuleSpec } from '@plexus/netlink';
import type { CmdArgs } from '@plexus/skel';
import type { RouteInjectorDeps } from './deps';
import { parseRouteInjectorConfig } from './config/parse-config';
import type { RouteInjectorConf } from './config/types';
import { RouteInjectorCode } from './errors';
import { deleteOps } from './plan/kernel-commands';
import { planRoutes } from './plan/plan-routes';
import type { RoutePlan } from './plan/types';
import { findPodInterface, type PodInterface } from './pod/find-pod-interface';

/**
 * delRoutes is DEL: recompute ADD's plan from the config and prevResult and remove it, in one `ip -force -batch`
 * per family. Idempotent and forgiving: no netns, a deleted netns, a missing interface, routes or rules already
 * gone, and a config ADD would have refused (so nothing can have been added) are all success. Without prevResult
 * the pod addresses are unknown, so the rules are found by their tables instead.
 */
export async function delRoutes(args: CmdArgs, deps: RouteInjectorDeps): Promise<void> {
  let conf: RouteInjectorConf;
  try {
    conf = parseRouteInjectorConfig(args.conf);
  } catch (e) {
    if (!isCniError(e)) throw e;
    args.log.warn('DEL with a config ADD refuses: nothing to remove', { error: e.details ?? e.msg });
    return;
  }
  if (!args.netns) return;
  try {
    await deps.netlink.checkNetns(args.netns);
  } catch (e) {
    if (isNetnsError(e)) return;
    throw e;
  }
  const prev = readPrevResultLeniently(args);
  const ifName = args.ifName;
  const pod = prev ? findPodInterfaceLeniently(args, prev, ifName) : undefined;
  const plan = planRoutes(conf, { ifName, pod, validate: false });
  const netns = deps.netlink.pod(args.netns);
  if (!pod) await fillRulesByTable(netns, plan);
  const failures = await netns.batchAll(deleteOps(plan)).catch((e: unknown) => {
    if (isNetnsError(e)) return [];
    throw e;
  });
  const real = failures.filter((f) => !isNotFound(f.error));
  for (const f of failures) if (isNotFound(f.error)) args.log.debug('already gone', { command: describeOp(f.op) });
  if (real.length) {
    throw new CniError(RouteInjectorCode.KernelRefused, 'failed to remove routes', real.map((f) => f.error.message).join('; '));
  }
}

/** readPrevResultLeniently: DEL should still work when prevResult is absent or unreadable (SPEC: DEL). */
function readPrevResultLeniently(args: CmdArgs): Result | undefined {
  try {
    return readPrevResult(args.conf);
  } catch (e) {
    args.log.warn('ignoring unreadable prevResult in DEL', { error: e });
    return undefined;
  }
}

/** findPodInterfaceLeniently: a prevResult whose pod addresses cannot be read is treated as absent (rules by table). */
function findPodInterfaceLeniently(args: CmdArgs, prev: Result, ifName: string): PodInterface | undefined {
  try {
    return findPodInterface(prev, ifName);
  } catch (e) {
    if (!isCniError(e)) throw e;
    args.log.warn('ignoring prevResult addresses in DEL', { error: e.details ?? e.msg });
    return undefined;
  }
}

/**
 * fillRulesByTable finds the rules of each planned table (and priority, when configured) in the netns, for a DEL
 * that cannot compute them from the pod addresses. The listed rule is deleted exactly (with its priority).
 */
async function fillRulesByTable(netns: NetnsScope, plan: RoutePlan): Promise<void> {
  if (!plan.policy.length) return;
  const families = [...new Set(plan.policy.flatMap((p) => p.routes.map(routeFamily)))];
  const rules = (await Promise.all(families.map((f) => netns.listRules(f).catch((e: unknown) => gone(e))))).flat();
  for (const p of plan.policy) {
    p.rules = rules.filter((r) => r.table === p.table && (p.priority === undefined || r.priority === p.priority));
  }
}

/** gone answers "no rules" when the netns vanished between the check and the listing, and rethrows otherwise. */
function gone(e: unknown): RuleSpec[] {
  if (isNotFound(e) || isNetnsError(e)) return [];
  throw e;
}
