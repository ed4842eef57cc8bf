import { CniError } from '@plexus/cni-spec';
import { LinkNotFoundError, NetlinkError, netnsCniError, RouteNotFoundError, RuleNotFoundError } from '@plexus/netlink';

/** route-injector's own error codes (the spec leaves 100 and up to plugins). */
export const RouteInjectorCode = {
  /** ADD: the kernel refused a route or rule (the details name it and say why); everything added was undone. */
  KernelRefused: 100,
  // 101 was "CNI_NETNS unusable"; that is code 4 now, as in every Plexus plugin.
  /** ADD/CHECK: the pod interface is not in the netns. */
  InterfaceMissing: 102,
  /** CHECK: a route ADD installed is missing. */
  RouteMissing: 103,
  /** CHECK: a rule ADD installed is missing. */
  RuleMissing: 104,
} as const;

/**
 * kernelError turns a netlink error met in ADD or CHECK into the CniError to report; anything unexpected (exec
 * failures) is rethrown for the skel, which reports it as 999 with the stack on stderr.
 */
export function kernelError(e: unknown, ctx: { netns: string; ifName: string }): unknown {
  const netns = netnsCniError(e);
  if (netns) return netns;
  if (e instanceof LinkNotFoundError) {
    return new CniError(RouteInjectorCode.InterfaceMissing, 'pod interface not found', `no link "${e.link}" in ${ctx.netns} (CNI_IFNAME=${ctx.ifName})`);
  }
  if (e instanceof NetlinkError || e instanceof RouteNotFoundError || e instanceof RuleNotFoundError) {
    return new CniError(RouteInjectorCode.KernelRefused, 'failed to install routes', e.message);
  }
  return e;
}
