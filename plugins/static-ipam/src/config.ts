import type { NetConf } from '@plexus/cni-spec';
import {
  checkAddressesFitVersion,
  parseDns,
  parseRoutes,
  readAddressEntries,
  readIpamSection,
  resolveAddressEntry,
  type AddressEntry,
  type IpamAnswer,
} from '@plexus/ipam-config';
import { readObject } from '@plexus/json-fields';
import { readEnvAddresses } from './env-addresses';
import { readIpList } from './ip-list';

/**
 * loadStaticIpamConfig turns a config and the raw CNI_ARGS into the IPAM answer, with the reference `static`
 * precedence (plugins/ipam/static LoadIPAMConfig):
 *   1. `ipam.addresses`, with `CNI_ARGS IP=` appended (`GATEWAY=` applies to those CNI_ARGS addresses only);
 *   2. a non-empty `args.cni.ips` replaces that list;
 *   3. a non-empty `runtimeConfig.ips` (capability `ips`) replaces it again.
 * Routes come from `ipam.routes` (with mtu/advmss/priority/table/scope at every cniVersion, as plugins v1.6.x) and
 * DNS from `ipam.dns`. Pure.
 */
export function loadStaticIpamConfig(conf: NetConf, rawCniArgs: string): IpamAnswer {
  const ipam = readIpamSection(conf);
  // Every source is decoded before precedence is applied, as Go decodes the whole config first: a type error
  // anywhere fails even in a source that loses.
  const fromConfig = readAddressEntries(ipam.addresses, 'ipam.addresses');
  // Plugins v1.6.x share one Route type (with these fields) across every result version, so they read and print
  // mtu/advmss/priority/table/scope at any cniVersion; route-injector writes them the same way.
  const routes = parseRoutes(ipam.routes, 'ipam.routes', { withSpec11Fields: true });
  const dns = parseDns(ipam.dns, 'ipam.dns');
  const fromArgs = readIpList(readObject(readObject(conf.args, 'args')?.cni, 'args.cni')?.ips, 'args.cni.ips');
  const fromRuntime = readIpList(readObject(conf.runtimeConfig, 'runtimeConfig')?.ips, 'runtimeConfig.ips');
  const fromEnv = readEnvAddresses(rawCniArgs);

  const addresses = pickAddressSource([...fromConfig, ...fromEnv], fromArgs, fromRuntime).map(resolveAddressEntry);
  checkAddressesFitVersion(addresses, conf.cniVersion);
  const answer: IpamAnswer = { addresses, routes };
  if (dns) answer.dns = dns;
  return answer;
}

/** pickAddressSource applies the replace rules: the last non-empty source wins. */
function pickAddressSource(configAndEnv: AddressEntry[], args: AddressEntry[], runtime: AddressEntry[]): AddressEntry[] {
  if (runtime.length) return runtime;
  if (args.length) return args;
  return configAndEnv;
}
