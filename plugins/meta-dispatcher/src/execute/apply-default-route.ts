import { ipFamilyOf, type Result, type Route } from '@plexus/cni-spec';
import { isNotFound, type Netlink } from '@plexus/netlink';
import type { PlannedAttachment } from '../plan/attachment-plan';

const DEFAULT_DST: Record<4 | 6, string> = { 4: '0.0.0.0/0', 6: '::/0' };

/** One default-route move: the attachment that takes the default route of a family, via gw. */
export interface DefaultRouteMove {
  index: number;
  ifName: string;
  family: 4 | 6;
  gw: string;
}

/** planDefaultRoutes lists the moves the pod asked for with `default-route` (pure; ECMP was refused by the sources). */
export function planDefaultRoutes(attachments: readonly PlannedAttachment[]): DefaultRouteMove[] {
  return attachments.flatMap((a) => (a.requested.defaultRoute ?? []).map((gw) => ({ index: a.index, ifName: a.ifName, family: ipFamilyOf(gw), gw })));
}

/**
 * moveDefaultRoutes applies `default-route` in the pod's netns (Multus' netutils): every default route of that
 * family via another interface is deleted, then `ip route replace default via <gw> dev <ifname>`. Done once all
 * delegates ran, so a later delegate cannot put its own default route back.
 */
export async function moveDefaultRoutes(netlink: Pick<Netlink, 'pod'>, netns: string, moves: readonly DefaultRouteMove[]): Promise<void> {
  const pod = netlink.pod(netns);
  for (const m of moves) {
    const dst = DEFAULT_DST[m.family];
    for (const r of await pod.listRoutes(m.family)) {
      if (r.dst !== dst || r.dev === m.ifName) continue;
      try {
        await pod.deleteRoute(r);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    await pod.replaceRoute({ dst, gw: m.gw, dev: m.ifName });
  }
}

/**
 * rewriteDefaultRoutes keeps the results consistent with the moves (pure): other attachments lose their default
 * routes of the family, the chosen one gets `{dst: default, gw}` (Multus rewrites libcni's cached results alike).
 */
export function rewriteDefaultRoutes(results: Result[], moves: readonly DefaultRouteMove[]): Result[] {
  return results.map((result, index) => {
    let routes: Route[] = [...(result.routes ?? [])];
    for (const m of moves) {
      const dst = DEFAULT_DST[m.family];
      routes = routes.filter((r) => r.dst !== dst);
      if (m.index === index) routes.push({ dst, gw: m.gw });
    }
    const out: Result = { ...result };
    if (routes.length) out.routes = routes;
    else delete out.routes;
    return out;
  });
}
