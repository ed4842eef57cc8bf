import { invalidConfig } from '@plexus/cni-spec';
import { familyName } from '@plexus/ip';
import { parseGateway, resolveAddressEntry, type IpamAddress } from '@plexus/ipam-config';
import { isJsonObject, jsonTypeOf, readList, readString } from '@plexus/json-fields';

/**
 * readDanmIps reads DANM's list `ipam.ips: [{"ipcidr": "10.0.0.5/24", "version": 4}]` (datastructs.IpamConfig).
 * `version` is optional; given as 4/6 (DANM) or "4"/"6" (the 0.3.x result spelling) it must match the address
 * family, since a meta plugin that mislabels an address has mixed up its inputs. A per-address `gateway` is a Plexus
 * extension.
 */
export function readDanmIps(raw: unknown, field: string): IpamAddress[] {
  const list = readList(raw, field) ?? [];
  return list.map((item, i) => {
    const at = `${field}[${i}]`;
    if (!isJsonObject(item)) throw invalidConfig(at, `must be an object like {"ipcidr": "10.0.0.5/24", "version": 4}, got ${jsonTypeOf(item)}`);
    const text = readString(item.ipcidr, `${at}.ipcidr`);
    if (text === undefined) throw invalidConfig(`${at}.ipcidr`, 'missing: each entry needs "ipcidr" (address/prefix)');
    const gateway = parseGateway(readString(item.gateway, `${at}.gateway`), `${at}.gateway`);
    const address = resolveAddressEntry({ text, field: `${at}.ipcidr`, gateway });
    checkVersion(item.version, address, `${at}.version`);
    return address;
  });
}

function checkVersion(raw: unknown, address: IpamAddress, field: string): void {
  if (raw === undefined || raw === null) return;
  const version = raw === '4' ? 4 : raw === '6' ? 6 : raw;
  if (version !== 4 && version !== 6) throw invalidConfig(field, `must be 4 or 6, got ${jsonTypeOf(raw)}`);
  if (version !== address.family) {
    throw invalidConfig(field, `says ${version} but ${address.address} is an ${familyName(address.family)} address`);
  }
}
