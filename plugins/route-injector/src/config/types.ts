/** One configured route. `field` is where it came from (`routes[2]`), for error messages. */
export interface RouteEntry {
  field: string;
  /** Canonical destination CIDR (host bits zero). */
  dst: string;
  family: 4 | 6;
  /** Canonical gateway; none makes a device route (`dev <pod interface>`, link scope). */
  gw?: string;
  metric?: number;
  /** ECMP next-hop weight (1–256); only meaningful when several entries share dst and metric. */
  weight?: number;
}

/** A policy table (DANM `proutes` with `rt_tables`): a rule from each pod address, then routes in the table. */
export interface PolicyRouteEntry {
  field: string;
  table: number;
  /** Rule priority; the kernel picks one when absent. */
  priority?: number;
  routes: RouteEntry[];
}

/** A default route that replaces the pod's existing default of its family. */
export interface DefaultRouteEntry {
  field: string;
  family: 4 | 6;
  gw: string;
  metric?: number;
  weight?: number;
}

/** The route-injector configuration, validated and canonical. */
export interface RouteInjectorConf {
  cniVersion: string;
  routes: RouteEntry[];
  policyRoutes: PolicyRouteEntry[];
  defaultRoutes: DefaultRouteEntry[];
}
