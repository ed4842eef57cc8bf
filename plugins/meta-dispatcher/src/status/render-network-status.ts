import { escapeLikeGo } from '@plexus/conflist';
import type { NetworkStatusEntry } from './network-status';

/** The NAD client's field order (`NetworkStatus` struct); JSON keys are printed in this order whatever the object's. */
const FIELD_ORDER = ['name', 'interface', 'ips', 'mac', 'mtu', 'default', 'dns', 'device-info', 'gateway'] as const;
const DNS_ORDER = ['nameservers', 'domain', 'search', 'options'] as const;

/**
 * renderNetworkStatus prints the annotation byte for byte as the NAD client's SetNetworkStatus does: each entry
 * `json.MarshalIndent(status, "", "    ")`, the entries joined with "," inside "[" "]", Go's HTML-safe escaping.
 */
export function renderNetworkStatus(entries: readonly NetworkStatusEntry[]): string {
  return `[${entries.map((e) => escapeLikeGo(JSON.stringify(ordered(e), null, 4))).join(',')}]`;
}

function ordered(e: NetworkStatusEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of FIELD_ORDER) {
    if (e[k] === undefined) continue;
    out[k] = k === 'dns' ? orderedDns(e.dns) : e[k];
  }
  return out;
}

function orderedDns(d: NetworkStatusEntry['dns']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of DNS_ORDER) if (d[k] !== undefined) out[k] = d[k];
  return out;
}
