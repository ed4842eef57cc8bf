import { parseCidr } from '@plexus/ip';
import type { RuleSpec } from '@plexus/netlink';
import type { Route } from '@plexus/cni-spec';
import type { RouteInjectorConf } from '../config/types';
import type { PodInterface } from '../pod/find-pod-interface';
import { checkAgainstPod, checkNotInPrevResult } from './check-against-pod';
import { groupEcmp } from './group-ecmp';
import type { RoutePlan } from './types';

/** What planRoutes knows of the pod. */
export interface PlanInput {
  ifName: string;
  /** The pod interface from prevResult; undefined when there is none (DEL without prevResult). */
  pod?: PodInterface;
  /** prevResult's routes, to refuse duplicates (ADD only: in CHECK and DEL they include our own). */
  prevRoutes?: readonly Route[];
  /**
   * Check the config against the pod's addresses (default true). DEL turns it off: a config ADD refused cannot
   * have added anything, and DEL must still succeed.
   */
  validate?: boolean;
}

/**
 * planRoutes computes the kernel objects of an attachment from the config and the pod interface. Deterministic:
 * ADD installs this plan, CHECK looks for it and DEL removes it. With a pod it also validates the config against
 * the pod's addresses (see checkAgainstPod).
 */
export function planRoutes(conf: RouteInjectorConf, input: PlanInput): RoutePlan {
  const { pod, ifName } = input;
  const policyEntries = conf.policyRoutes.flatMap((p) => p.routes.map((r) => ({ ...r, table: p.table })));
  if (pod && input.validate !== false) checkAgainstPod([...conf.routes, ...policyEntries, ...conf.defaultRoutes.map((d) => ({ ...d, dst: defaultDst(d.family) }))], pod);
  if (input.prevRoutes) checkNotInPrevResult([...conf.routes, ...policyEntries], input.prevRoutes);

  const defaults = ([4, 6] as const).flatMap((family) =>
    groupEcmp(conf.defaultRoutes.filter((d) => d.family === family).map((d) => ({ ...d, dst: defaultDst(family) })), ifName),
  );
  return {
    ifName,
    defaults,
    main: groupEcmp(conf.routes, ifName),
    policy: conf.policyRoutes.map((p) => {
      const families = new Set(p.routes.map((r) => r.family));
      const plan: RoutePlan['policy'][number] = { table: p.table, routes: groupEcmp(p.routes, ifName, p.table) };
      if (p.priority !== undefined) plan.priority = p.priority;
      if (pod) plan.rules = pod.addresses.filter((a) => families.has(parseCidr(a)!.family)).map((a) => ruleFrom(a, p.table, p.priority));
      return plan;
    }),
  };
}

/**
 * ruleFrom is DANM's proutes rule: `from <pod address>/<subnet prefix> lookup <table>`. The kernel keeps the
 * address as given (host bits included), so add and delete must both use exactly this form.
 */
function ruleFrom(address: string, table: number, priority: number | undefined): RuleSpec {
  const rule: RuleSpec = { family: parseCidr(address)!.family, from: address, table };
  if (priority !== undefined) rule.priority = priority;
  return rule;
}

/** defaultDst is the default destination of a family. */
export function defaultDst(family: 4 | 6): string {
  return family === 4 ? '0.0.0.0/0' : '::/0';
}
