import { CniError } from '@plexus/cni-spec';
import { routeFamily, routeMatches, ruleMatches, type RouteSpec, type RuleSpec } from '@plexus/netlink';
import type { CmdArgs } from '@plexus/skel';
import type { RouteInjectorDeps } from './deps';
import { kernelError, RouteInjectorCode } from './errors';
import { loadAttachment } from './load-attachment';
import { planRoutes } from './plan/plan-routes';

/**
 * checkRoutes is CHECK: every route and rule ADD installed must be present (other routes may come and go: later
 * plugins and the pod itself may add their own). Reads all tables of each family used, and the rules.
 */
export async function checkRoutes(args: CmdArgs, deps: RouteInjectorDeps): Promise<void> {
  const { conf, pod } = loadAttachment(args);
  const plan = planRoutes(conf, { ifName: pod.name, pod });
  const wanted: RouteSpec[] = [...plan.defaults, ...plan.main, ...plan.policy.flatMap((p) => p.routes)];
  const rules: RuleSpec[] = plan.policy.flatMap((p) => p.rules ?? []);
  const families = [...new Set([...wanted.map(routeFamily), ...rules.map((r) => r.family)])];
  let listed: { routes: RouteSpec[]; rules: RuleSpec[] };
  try {
    await deps.netlink.checkNetns(args.netns);
    const netns = deps.netlink.pod(args.netns);
    await netns.getLink(pod.name);
    const [routes, ruleLists] = await Promise.all([
      Promise.all(families.map((f) => netns.listRoutes(f, { table: 'all' }))),
      Promise.all(families.filter((f) => rules.some((r) => r.family === f)).map((f) => netns.listRules(f))),
    ]);
    listed = { routes: routes.flat(), rules: ruleLists.flat() };
  } catch (e) {
    throw kernelError(e, { netns: args.netns, ifName: pod.name });
  }
  for (const route of wanted) {
    if (!listed.routes.some((r) => routeMatches(r, route))) {
      throw new CniError(RouteInjectorCode.RouteMissing, 'route missing', `${describeRoute(route)} is not in ${args.netns}`);
    }
  }
  for (const rule of rules) {
    if (!listed.rules.some((r) => ruleMatches(r, rule))) {
      throw new CniError(RouteInjectorCode.RuleMissing, 'rule missing', `from ${rule.from} lookup ${rule.table}${rule.priority !== undefined ? ` priority ${rule.priority}` : ''} is not in ${args.netns}`);
    }
  }
}

function describeRoute(r: RouteSpec): string {
  const via = r.nexthops?.length ? ` via ${r.nexthops.map((h) => h.gw).join(' and ')}` : r.gw ? ` via ${r.gw}` : '';
  return `${r.dst}${via} dev ${r.dev ?? r.nexthops?.[0]?.dev}${r.table !== undefined ? ` table ${r.table}` : ''}${r.metric !== undefined ? ` metric ${r.metric}` : ''}`;
}
