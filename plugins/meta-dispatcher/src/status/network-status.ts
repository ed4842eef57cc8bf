import type { Result } from '@plexus/cni-spec';

/** The pod annotation Multus and the NAD client write. */
export const NETWORK_STATUS_ANNOTATION = 'k8s.v1.cni.cncf.io/network-status';

/** One entry of network-status, fields in the NAD client's struct order (`NetworkStatus`). */
export interface NetworkStatusEntry {
  name: string;
  interface?: string;
  ips?: string[];
  mac?: string;
  mtu?: number;
  default?: boolean;
  /** Always present, `{}` when empty (a non-pointer struct in Go). */
  dns: { nameservers?: string[]; domain?: string; search?: string[]; options?: string[] };
  /** The device of an SR-IOV-style network (NPWG device-info spec), from the device plugin. */
  'device-info'?: Record<string, unknown>;
  gateway?: string[];
}

/** What one attachment contributes: its network name, whether it is the primary, its result and its ifname. */
export interface StatusSource {
  network: string;
  isPrimary: boolean;
  ifName: string;
  result: Result;
  /** Device information of the attachment's allocated device (every entry of the attachment carries it). */
  deviceInfo?: Record<string, unknown>;
}

/**
 * networkStatusEntries builds the entries of one attachment (pure), as the NAD client's CreateNetworkStatuses:
 * one per sandbox interface of the result; `ips` bare addresses of that interface (IPs without an interface index
 * go to the last entry); `default: true` on the primary's first sandbox interface only; `gateway` every default
 * route's gw. A result without sandbox interfaces but with IPs gets one entry on the attachment's interface; an
 * empty result gets none.
 */
export function networkStatusEntries(src: StatusSource): NetworkStatusEntry[] {
  const entries = entriesOf(src);
  if (src.deviceInfo) for (const e of entries) e['device-info'] = src.deviceInfo;
  return entries;
}

function entriesOf(src: StatusSource): NetworkStatusEntry[] {
  const r = src.result;
  const dns = dnsOf(r);
  const gateway = (r.routes ?? []).filter((rt) => (rt.dst === '0.0.0.0/0' || rt.dst === '::/0') && rt.gw).map((rt) => rt.gw!);
  const ifaces = (r.interfaces ?? []).map((iface, index) => ({ iface, index })).filter((x) => !!x.iface.sandbox);
  const unindexed = (r.ips ?? []).filter((ip) => ip.interface === undefined || !(r.interfaces ?? [])[ip.interface]?.sandbox);
  const bare = (a: string) => a.split('/')[0]!;
  if (ifaces.length === 0) {
    if (!r.ips?.length) return [];
    return [entry({ name: src.network, interface: src.ifName, ips: r.ips.map((ip) => bare(ip.address)), isDefault: src.isPrimary, dns, gateway })];
  }
  return ifaces.map(({ iface, index }, k) => {
    const own = (r.ips ?? []).filter((ip) => ip.interface === index).map((ip) => bare(ip.address));
    if (k === ifaces.length - 1) own.push(...unindexed.map((ip) => bare(ip.address)));
    return entry({ name: src.network, interface: iface.name, ips: own, mac: iface.mac, mtu: iface.mtu, isDefault: src.isPrimary && k === 0, dns, gateway });
  });
}

function entry(x: { name: string; interface: string; ips: string[]; mac?: string; mtu?: number; isDefault: boolean; dns: NetworkStatusEntry['dns']; gateway: string[] }): NetworkStatusEntry {
  const out: NetworkStatusEntry = { name: x.name, dns: x.dns };
  if (x.interface) out.interface = x.interface;
  if (x.ips.length) out.ips = x.ips;
  if (x.mac) out.mac = x.mac;
  if (x.mtu) out.mtu = x.mtu;
  if (x.isDefault) out.default = true;
  if (x.gateway.length) out.gateway = x.gateway;
  return out;
}

function dnsOf(r: Result): NetworkStatusEntry['dns'] {
  const d = r.dns ?? {};
  const out: NetworkStatusEntry['dns'] = {};
  if (d.nameservers?.length) out.nameservers = [...d.nameservers];
  if (d.domain) out.domain = d.domain;
  if (d.search?.length) out.search = [...d.search];
  if (d.options?.length) out.options = [...d.options];
  return out;
}
