import { invalidConfig, resultFamilyOf, versionAtLeast, type NetConf } from '@plexus/cni-spec';
import {
  checkAddressesFitVersion,
  parseDns,
  parseRoutes,
  readAddressEntries,
  readIpamSection,
  resolveAddressEntry,
  type IpamAnswer,
} from '@plexus/ipam-config';
import { readBoolean } from '@plexus/json-fields';
import { readDanmIps } from './danm-ips';

/**
 * loadFakeIpamConfig reads the answer a meta plugin has already chosen and written into `ipam`:
 *   - addresses as DANM's `ipam.ips[{ipcidr, version, gateway?}]` or static-style `ipam.addresses[{address,
 *     gateway?}]` (one of the two, not both);
 *   - `ipam.routes` (1.1.0 route fields at cniVersion ≥ 1.1.0) and `ipam.dns`, passed through;
 *   - no address at all is DANM's error ("No IP was passed to fake IPAM") unless `ipam.allowEmpty: true`, which
 *     asks for an empty result for an L2-only attachment.
 * CNI_ARGS is not read: the caller passes its pod's CNI_ARGS through unchanged, and fakeipam takes nothing from it.
 */
export function loadFakeIpamConfig(conf: NetConf): IpamAnswer {
  const ipam = readIpamSection(conf);
  const danm = readDanmIps(ipam.ips, 'ipam.ips');
  const staticStyle = readAddressEntries(ipam.addresses, 'ipam.addresses').map(resolveAddressEntry);
  if (danm.length && staticStyle.length) {
    throw invalidConfig('ipam.ips, ipam.addresses', 'give the addresses in one of the two lists, not both');
  }
  const addresses = danm.length ? danm : staticStyle;
  const allowEmpty = readBoolean(ipam.allowEmpty, 'ipam.allowEmpty') ?? false;
  if (!addresses.length) checkEmptyAllowed(allowEmpty, conf.cniVersion);
  checkAddressesFitVersion(addresses, conf.cniVersion);
  const answer: IpamAnswer = {
    addresses,
    routes: parseRoutes(ipam.routes, 'ipam.routes', { withSpec11Fields: versionAtLeast(conf.cniVersion, '1.1.0') }),
  };
  const dns = parseDns(ipam.dns, 'ipam.dns');
  if (dns) answer.dns = dns;
  return answer;
}

function checkEmptyAllowed(allowEmpty: boolean, cniVersion: string): void {
  if (!allowEmpty) {
    // DANM's message, kept so logs read the same; the details say how to ask for an L2-only attachment.
    throw invalidConfig('ipam.ips', 'No IP was passed to fake IPAM (set "allowEmpty": true in ipam for an L2-only attachment)');
  }
  if (resultFamilyOf(cniVersion) === '020') {
    throw invalidConfig('ipam.allowEmpty', `a result without addresses cannot be expressed in cniVersion ${cniVersion}; use 0.3.0 or later`);
  }
}
