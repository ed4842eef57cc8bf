import { containsIp, formatCidr, parseCidr } from '@plexus/ip';
import type { MultiNicConfig, PoolEntry } from '../config/multi-nic-config';
import { hostBlockAt } from '../layout/layout';
import { findPoolNics, type HostAddress } from '../masters/select-masters';
import type { HostInterfaceRecord } from './host-claim';

/**
 * buildHostRecords describes this host for a host index: for every master of the pool, its block and, when this
 * host has that NIC, the NIC's name and address — the next hop other hosts route that block through (L3 mode).
 * With `ipam.masterNets` the address is the one inside the NIC subnet; with `ipam.masters` the NIC's first global
 * address of the subnet's family.
 */
export function buildHostRecords(config: MultiNicConfig, hostIndex: number, addrs: readonly HostAddress[]): HostInterfaceRecord[] {
  const nics = new Map(findPoolNics(config.pool, addrs).map((n) => [n.position, n.name]));
  return config.pool.entries.map((entry) => {
    const record: HostInterfaceRecord = {
      interfaceIndex: entry.position,
      podCIDR: formatCidr(hostBlockAt(config.layout, entry.position, hostIndex).hostBlock),
    };
    const master = nics.get(entry.position);
    if (master !== undefined) {
      record.master = master;
      const hostIP = hostIpOf(entry, master, config.layout.subnet.family, addrs);
      if (hostIP) record.hostIP = hostIP;
    }
    return record;
  });
}

function hostIpOf(entry: PoolEntry, nic: string, family: 4 | 6, addrs: readonly HostAddress[]): string | undefined {
  const candidates = addrs
    .filter((a) => a.ifName === nic)
    .map((a) => ({ a, cidr: parseCidr(a.address) }))
    .filter(({ cidr }) => cidr !== undefined && cidr.family === family && (!entry.net || containsIp(entry.net, cidr)));
  const best = candidates.find(({ a }) => (a.scope ?? 'global') === 'global') ?? candidates[0];
  return best ? best.a.address.split('/')[0] : undefined;
}
