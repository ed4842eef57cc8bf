import { parseIp } from '@plexus/ip';
import type { PodIdentity } from '../../plan/network-request';
import { invalidRequest } from '../../errors/dispatcher-errors';
import { selectionNetworkName, type NetworkSelection } from './network-selection';

/**
 * checkDefaultRoutes applies Multus' rule across all elements of a pod: at most one IPv4 and one IPv6
 * `default-route` gateway ("multus does not support ECMP for default-route"). Code 7 names the second one.
 */
export function checkDefaultRoutes(selections: readonly NetworkSelection[], pod?: PodIdentity): void {
  const seen: Record<4 | 6, { sel: NetworkSelection; gw: string } | undefined> = { 4: undefined, 6: undefined };
  for (const sel of selections) {
    (sel.defaultRoute ?? []).forEach((gw, i) => {
      const family = parseIp(gw)!.family;
      const first = seen[family];
      if (first) {
        throw invalidRequest(
          { pod, network: selectionNetworkName(sel) },
          `${sel.field}.default-route[${i}]`,
          `a second IPv${family} default-route gateway (${gw}; ${first.gw} is requested by ${selectionNetworkName(first.sel)}): ECMP default routes are not supported`,
        );
      }
      seen[family] = { sel, gw };
    });
  }
}
