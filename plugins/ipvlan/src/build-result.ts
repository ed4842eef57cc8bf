import { CURRENT_SPEC_VERSION, type Dns, type Result } from '@plexus/cni-spec';

/** What the ADD result is made of. */
export interface AddResultParts {
  ifName: string;
  mac?: string;
  sandbox: string;
  /** The IPAM result, or prevResult when chained without IPAM. */
  addresses: Result;
  /** Top-level `dns` of the config. */
  dns?: Dns;
}

/**
 * buildAddResult assembles ADD's result in the current schema (pure): the one sandbox interface, every IP
 * pointing at it (index 0), the routes of the address source. Like the reference, earlier interfaces of a
 * prevResult are not carried over. DNS is the config's `dns` when set, else the address source's: the reference
 * always takes the config's and so drops what IPAM returned.
 */
export function buildAddResult(p: AddResultParts): Result {
  const result: Result = {
    cniVersion: CURRENT_SPEC_VERSION,
    interfaces: [{ name: p.ifName, ...(p.mac ? { mac: p.mac } : {}), sandbox: p.sandbox }],
    ips: (p.addresses.ips ?? []).map((ip) => ({ ...ip, interface: 0 })),
  };
  if (p.addresses.routes?.length) result.routes = p.addresses.routes.map((r) => ({ ...r }));
  const dns = p.dns ?? p.addresses.dns;
  if (dns) result.dns = dns;
  return result;
}
