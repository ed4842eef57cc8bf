import { invalidConfig } from '@plexus/cni-spec';
import { parseAddressCidr, parseGateway, type IpamAddress } from './address';
import { isJsonObject, jsonTypeOf, readList, readString } from '@plexus/json-fields';

/**
 * An address entry as the config wrote it: the gateway already parsed, the address still text. The reference
 * `static` parses addresses only once precedence has picked them (an invalid entry that `runtimeConfig.ips`
 * replaces is harmless), while Go's JSON decoding parses every gateway up front; keeping the text reproduces both.
 */
export interface AddressEntry {
  text: string;
  /** The field the address came from, named in errors ("ipam.addresses[1].address", "runtimeConfig.ips[0]"). */
  field: string;
  gateway?: string;
}

/** readAddressEntries reads a static-style list `[{address, gateway?}]` (absent or null: empty). */
export function readAddressEntries(raw: unknown, field: string): AddressEntry[] {
  const list = readList(raw, field) ?? [];
  return list.map((item, i) => {
    const at = `${field}[${i}]`;
    if (!isJsonObject(item)) throw invalidConfig(at, `must be an object with "address" and optional "gateway", got ${jsonTypeOf(item)}`);
    const entry: AddressEntry = { text: readString(item.address, `${at}.address`) ?? '', field: `${at}.address` };
    const gateway = parseGateway(readString(item.gateway, `${at}.gateway`), `${at}.gateway`);
    if (gateway !== undefined) entry.gateway = gateway;
    return entry;
  });
}

/** resolveAddressEntry parses an entry's address (code 7 naming its field when it is not a CIDR). */
export function resolveAddressEntry(entry: AddressEntry): IpamAddress {
  const address = parseAddressCidr(entry.text, entry.field);
  if (entry.gateway !== undefined) address.gateway = entry.gateway;
  return address;
}
