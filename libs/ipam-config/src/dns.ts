import type { Dns } from '@plexus/cni-spec';
import { readObject, readString, readStringList } from '@plexus/json-fields';

/**
 * parseDns reads a DNS block (`ipam.dns`: nameservers, domain, search, options) into the result's shape; absent or
 * null gives undefined. Values pass through as written (the reference plugins do not validate nameservers).
 */
export function parseDns(raw: unknown, field: string): Dns | undefined {
  const obj = readObject(raw, field);
  if (!obj) return undefined;
  const dns: Dns = {};
  const nameservers = readStringList(obj.nameservers, `${field}.nameservers`);
  const domain = readString(obj.domain, `${field}.domain`);
  const search = readStringList(obj.search, `${field}.search`);
  const options = readStringList(obj.options, `${field}.options`);
  if (nameservers) dns.nameservers = nameservers;
  if (domain !== undefined) dns.domain = domain;
  if (search) dns.search = search;
  if (options) dns.options = options;
  return dns;
}
