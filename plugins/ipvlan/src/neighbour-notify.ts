import type { Logger } from '@plexus/log';
import type { NetnsScope } from '@plexus/netlink';

/** One family's announcement switch that could not be set. */
export interface NotifyFailure {
  family: 4 | 6;
  sysctl: string;
  error: unknown;
}

/**
 * enableNeighbourNotify sets `net.ipv4.conf.<if>.arp_notify` and `net.ipv6.conf.<if>.ndisc_notify` on the still-down
 * link, concurrently, and returns what failed instead of throwing. With them the kernel itself sends a gratuitous
 * ARP / unsolicited NA when the link goes up, so peers whose caches still hold an address (a pod restarted on
 * another node) learn its new place; no arping binary is needed. Both are set before the addresses are known, so
 * this can overlap with IPAM; a missing announcement only costs that, so failures are only logged
 * (see logNotifyFailures).
 */
export async function enableNeighbourNotify(pod: NetnsScope, linkName: string): Promise<NotifyFailure[]> {
  // Slash-separated keys: an interface name may contain dots.
  const keys: Array<[4 | 6, string]> = [
    [4, `net/ipv4/conf/${linkName}/arp_notify`],
    [6, `net/ipv6/conf/${linkName}/ndisc_notify`],
  ];
  const outcomes = await Promise.allSettled(keys.map(([, key]) => pod.setSysctl(key, '1')));
  return outcomes.flatMap((o, i) => (o.status === 'rejected' ? [{ family: keys[i]![0], sysctl: keys[i]![1], error: o.reason as unknown }] : []));
}

/**
 * logNotifyFailures warns about the failures that matter: those of a family the interface has addresses of (a pod
 * netns with IPv6 disabled has no ndisc_notify, which is no problem for an IPv4-only interface).
 */
export function logNotifyFailures(failures: NotifyFailure[], families: ReadonlySet<4 | 6>, log: Logger): void {
  for (const f of failures) {
    if (families.has(f.family)) log.warn('cannot enable neighbour notification; peers may keep stale caches', { sysctl: f.sysctl, error: f.error });
    else log.debug('neighbour notification not set for an unused family', { sysctl: f.sysctl, error: f.error });
  }
}
