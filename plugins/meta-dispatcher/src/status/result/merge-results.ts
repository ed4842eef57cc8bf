import { CURRENT_SPEC_VERSION, type Result } from '@plexus/cni-spec';

/**
 * mergeResults builds what the runtime gets back (pure): the primary attachment's result first — its first IP is
 * the pod IP (containerd takes the first) and its DNS is the pod's — then every other attachment's interfaces, IPs
 * and routes in plan order, with `ips[].interface` shifted to index the merged interface list (DANM's
 * MergeCniResults; Multus returns the primary alone and hides the rest).
 */
export function mergeResults(primary: number, results: readonly Result[]): Result {
  const order = [primary, ...results.map((_, i) => i).filter((i) => i !== primary)];
  const out: Result = { cniVersion: CURRENT_SPEC_VERSION };
  const interfaces: NonNullable<Result['interfaces']> = [];
  const ips: NonNullable<Result['ips']> = [];
  const routes: NonNullable<Result['routes']> = [];
  for (const i of order) {
    const r = results[i];
    if (!r) continue;
    const offset = interfaces.length;
    interfaces.push(...(r.interfaces ?? []).map((x) => ({ ...x })));
    ips.push(...(r.ips ?? []).map((ip) => (ip.interface === undefined ? { ...ip } : { ...ip, interface: ip.interface + offset })));
    routes.push(...(r.routes ?? []).map((x) => ({ ...x })));
  }
  if (interfaces.length) out.interfaces = interfaces;
  if (ips.length) out.ips = ips;
  if (routes.length) out.routes = routes;
  const dns = results[primary]?.dns;
  if (dns) out.dns = { ...dns };
  return out;
}
