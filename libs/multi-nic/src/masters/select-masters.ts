import { invalidConfig } from '@plexus/cni-spec';
import { containsIp, parseCidr } from '@plexus/ip';
import type { MasterRequest, Pool, PoolEntry } from '../config/multi-nic-config';

/** An address of a host NIC (as `ip -json addr` lists it). */
export interface HostAddress {
  ifName: string;
  /** CIDR, e.g. "10.0.1.12/24". */
  address: string;
  /** "global", "link", "host"… as iproute2 names it. */
  scope?: string;
}

/** A master this attachment gets an address for. Its place in the list is the `interface` index of its address. */
export interface SelectedMaster {
  /** Position in the pool: picks the interface block. */
  position: number;
  /** The host NIC name. */
  name: string;
}

/**
 * selectMasters resolves a request against the pool (pure). With `ipam.masterNets` the host's NIC for a subnet is the
 * one holding an address in it, so `hostAddresses` is needed; with `ipam.masters` it is ignored. Pool entries whose
 * NIC this host lacks are left out of "all" and "the first N". A master outside the pool is code 7 naming the field.
 */
export function selectMasters(request: MasterRequest, pool: Pool, hostAddresses: readonly HostAddress[] = []): SelectedMaster[] {
  const present = findPoolNics(pool, hostAddresses);
  switch (request.kind) {
    case 'all':
      if (!present.length) throw invalidConfig(poolField(pool), `this host has no NIC in ${pool.entries.map((e) => e.text).join(', ')}`);
      return present;
    case 'count':
      if (request.count > present.length) {
        throw invalidConfig(request.field, `asks for ${request.count} NICs but this host has ${present.length} of the pool (${describe(pool)})`);
      }
      return present.slice(0, request.count);
    case 'names':
      return request.names.map((name, i) => findInPool(name, `${request.field}[${i}]`, pool, present, hostAddresses));
  }
}

/** findPoolNics lists the pool entries this host has a NIC for, in pool order, with the NIC names. */
export function findPoolNics(pool: Pool, hostAddresses: readonly HostAddress[]): SelectedMaster[] {
  return pool.entries
    .map((e) => ({ position: e.position, name: nicOf(e, hostAddresses) }))
    .filter((m): m is SelectedMaster => m.name !== undefined);
}

function findInPool(name: string, field: string, pool: Pool, present: SelectedMaster[], addrs: readonly HostAddress[]): SelectedMaster {
  const byText = pool.entries.find((e) => e.text === name);
  if (byText) {
    const m = present.find((p) => p.position === byText.position);
    if (m) return m;
    throw invalidConfig(field, `this host has no NIC in ${byText.text} (${byText.field})`);
  }
  if (pool.kind === 'masterNets') {
    const entry = pool.entries.find((e) => addrs.some((a) => a.ifName === name && inNet(e, a.address)));
    if (entry) return { position: entry.position, name };
  }
  throw invalidConfig(field, `master "${name}" is not in the pool (${poolField(pool)}: ${describe(pool)})`);
}

function nicOf(e: PoolEntry, addrs: readonly HostAddress[]): string | undefined {
  if (e.name !== undefined) return e.name;
  return addrs.find((a) => inNet(e, a.address))?.ifName;
}

function inNet(e: PoolEntry, address: string): boolean {
  const a = parseCidr(address);
  return e.net !== undefined && a !== undefined && containsIp(e.net, a);
}

function poolField(pool: Pool): string {
  return pool.kind === 'masters' ? 'ipam.masters' : 'ipam.masterNets';
}

function describe(pool: Pool): string {
  return pool.entries.map((e) => e.text).join(', ');
}
