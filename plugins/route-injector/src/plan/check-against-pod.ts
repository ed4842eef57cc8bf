import { invalidConfig, type Route } from '@plexus/cni-spec';
import { canonicalCidr, containsIp, parseCidr, parseIp } from '@plexus/ip';
import type { PodInterface } from '../pod/find-pod-interface';

/** What the pod checks need of a configured route. */
interface Checked {
  field: string;
  family: 4 | 6;
  dst: string;
  gw?: string;
  metric?: number;
}

/**
 * checkAgainstPod refuses routes the pod cannot use (code 7 naming the field): a family the pod interface has no
 * address of, or a gateway outside every pod subnet of its family (the kernel would answer "Nexthop has invalid
 * gateway" halfway through ADD; a config error is the better answer, and it comes before any change).
 */
export function checkAgainstPod(entries: readonly Checked[], pod: PodInterface): void {
  for (const e of entries) {
    const subnets = pod.addresses.map((a) => parseCidr(a)).filter((c) => c?.family === e.family);
    if (!subnets.length) {
      throw invalidConfig(`${e.field}.${e.gw ? 'gw' : 'dst'}`, `${e.gw ?? e.dst} is IPv${e.family} but prevResult gives ${pod.name} no IPv${e.family} address`);
    }
    if (e.gw && !subnets.some((c) => containsIp(c!, parseIp(e.gw!)!))) {
      throw invalidConfig(`${e.field}.gw`, `${e.gw} is not on a subnet of ${pod.name} (${pod.addresses.filter((a) => parseCidr(a)?.family === e.family).join(', ')})`);
    }
  }
}

/**
 * checkNotInPrevResult refuses a configured route that prevResult already installed (same table, destination and
 * metric): the kernel would refuse it as a duplicate, and DEL, which recomputes what to remove, could not tell the
 * two apart.
 */
export function checkNotInPrevResult(entries: ReadonlyArray<Checked & { table?: number }>, prevRoutes: readonly Route[]): void {
  for (const e of entries) {
    const clash = prevRoutes.find(
      (r) => canonicalCidr(r.dst) === e.dst && (r.table ?? 254) === (e.table ?? 254) && metricOf(r.priority, e.family) === metricOf(e.metric, e.family),
    );
    if (clash) throw invalidConfig(`${e.field}.dst`, `${e.dst} is already a route of prevResult${clash.gw ? ` (via ${clash.gw})` : ''}`);
  }
}

/** metricOf is the metric the kernel gives a route: IPv6 defaults to 1024, IPv4 to 0. */
function metricOf(m: number | undefined, family: 4 | 6): number {
  return m ?? (family === 6 ? 1024 : 0);
}
