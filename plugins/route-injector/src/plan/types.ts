import type { RouteSpec, RuleSpec } from '@plexus/netlink';

/** A policy table to install: its routes, then one rule per pod address of each family the routes use. */
export interface PolicyPlan {
  table: number;
  priority?: number;
  routes: RouteSpec[];
  /** Undefined when the pod addresses are unknown (DEL without prevResult): rules are then found by table. */
  rules?: RuleSpec[];
}

/**
 * RoutePlan is everything route-injector puts in the kernel for one attachment, computed from the config and the
 * pod interface alone, so ADD, CHECK and DEL agree on it without keeping state.
 */
export interface RoutePlan {
  ifName: string;
  /** Our default routes (one per family; an ECMP route when a family has several gateways). */
  defaults: RouteSpec[];
  main: RouteSpec[];
  policy: PolicyPlan[];
}
