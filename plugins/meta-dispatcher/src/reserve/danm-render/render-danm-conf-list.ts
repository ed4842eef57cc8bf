import { parseCidr } from '@plexus/ip';
import type { NetworkRequest } from '../../plan/network-request';
import type { ConfList } from '../../config/conf-list';
import type { DanmRoute } from '../../plan/danm-network';
import { renderDanmDelegate } from '../../sources/danm/render-danm-delegate';
import { renderDanmStaticDelegate } from './render-danm-static-delegate';

/**
 * renderDanmConfList is what the core calls after allocateDanmIps: the final delegate conflist of a DANM request
 * for the addresses it reserved (pure). Dynamic networks are generated (renderDanmDelegate); static ones are the
 * resolved conf file with fakeipam swapped in when addresses were reserved (renderDanmStaticDelegate). A request
 * without `danm` is returned unchanged.
 */
export function renderDanmConfList(request: NetworkRequest, reservedIps: readonly string[]): ConfList {
  const danm = request.danm;
  if (!danm?.definition) return request.confList;
  if (danm.definition.integration === 'dynamic') {
    return renderDanmDelegate(danm.definition, reservedIps, { cniVersion: request.confList.cniVersion, proutes: routesOf(danm.proutes) });
  }
  return renderDanmStaticDelegate(request.confList, danm.definition, reservedIps, { proutes: routesOf(danm.proutes) });
}

/** routesOf turns the request's `proutes` map back into routes (the family comes from each destination). */
export function routesOf(proutes: Record<string, string> | undefined): DanmRoute[] {
  return Object.entries(proutes ?? {}).map(([dst, gw]) => ({ family: parseCidr(dst)?.family ?? 4, dst, gw }));
}
