import { invalidConfig } from '@plexus/cni-spec';
import { bitsOf, formatCidr, type Cidr } from '@plexus/ip';
import { readStringList, readWholeNumber, type JsonObject } from '@plexus/json-fields';
import type { Layout } from '../layout/layout';
import { parseNetworkField } from './parse-cidr-field';

/**
 * parseLayout reads `ipam.subnet`, `ipam.interfaceBlock` (m), `ipam.hostBlock` (n) and `ipam.excludeCIDRs`. The host
 * block `/P+m+n` must stay inside the address and still hold an address once its first (and, for IPv4, last) one is
 * set aside.
 */
export function parseLayout(ipam: JsonObject): Layout {
  if (ipam.subnet === undefined || ipam.subnet === null || ipam.subnet === '') {
    throw invalidConfig('ipam.subnet', 'missing: the global subnet to carve, e.g. "192.168.0.0/16"');
  }
  if (typeof ipam.subnet !== 'string') throw invalidConfig('ipam.subnet', 'must be a string');
  const subnet = parseNetworkField(ipam.subnet, 'ipam.subnet');
  const bits = bitsOf(subnet.family);
  const m = readBlockBits(ipam.interfaceBlock, 'ipam.interfaceBlock', bits);
  const n = readBlockBits(ipam.hostBlock, 'ipam.hostBlock', bits);
  const hostPrefix = subnet.prefix + m + n;
  if (hostPrefix > bits) {
    throw invalidConfig(
      'ipam.interfaceBlock',
      `interfaceBlock ${m} + hostBlock ${n} after ${formatCidr(subnet)} make /${hostPrefix}, past the ${bits}-bit address`,
    );
  }
  // An IPv4 block loses its first and last address, an IPv6 block its first (the subnet-router anycast address).
  const minHostBits = subnet.family === 4 ? 2 : 1;
  if (bits - hostPrefix < minHostBits) {
    throw invalidConfig('ipam.hostBlock', `host blocks of /${hostPrefix} leave no address to hand out; use a smaller interfaceBlock or hostBlock`);
  }
  const texts = readStringList(ipam.excludeCIDRs, 'ipam.excludeCIDRs') ?? [];
  const excludes = texts.map((text, i) => parseExclude(text, `ipam.excludeCIDRs[${i}]`, subnet));
  return { subnet, interfaceBits: m, hostBits: n, excludes };
}

function readBlockBits(v: unknown, field: string, bits: number): number {
  const n = readWholeNumber(v, field, 0, bits);
  if (n === undefined) throw invalidConfig(field, 'missing: the number of bits of the index');
  return n;
}

function parseExclude(text: string, field: string, subnet: Cidr): Cidr {
  const cidr = parseNetworkField(text, field, { bareAddress: true });
  if (cidr.family !== subnet.family) {
    throw invalidConfig(field, `${JSON.stringify(text)} is IPv${cidr.family} but ipam.subnet ${formatCidr(subnet)} is IPv${subnet.family}`);
  }
  return cidr;
}
