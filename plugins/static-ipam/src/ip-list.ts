import { invalidConfig } from '@plexus/cni-spec';
import { type AddressEntry } from '@plexus/ipam-config';
import { jsonTypeOf, readList } from '@plexus/json-fields';

/** readIpList reads a list of CIDR strings (`args.cni.ips`, `runtimeConfig.ips`) as entries without gateways. */
export function readIpList(raw: unknown, field: string): AddressEntry[] {
  const list = readList(raw, field) ?? [];
  return list.map((item, i) => {
    if (typeof item !== 'string') throw invalidConfig(`${field}[${i}]`, `must be a CIDR string, got ${jsonTypeOf(item)}`);
    return { text: item, field: `${field}[${i}]` };
  });
}
