import { K8S_CNI_ARGS, checkKnownCniArgs, getCniArg, invalidConfig, parseCniArgs } from '@plexus/cni-spec';
import { containsIp, parseCidr, parseGoIp, parseIp } from '@plexus/ip';
import { parseAddressCidr, type AddressEntry } from '@plexus/ipam-config';

/** The CNI_ARGS keys static-ipam reads, plus the pod identity keys every Kubernetes runtime sends. */
export const STATIC_IPAM_CNI_ARGS = ['IP', 'GATEWAY', ...K8S_CNI_ARGS] as const;

/**
 * readEnvAddresses reads `CNI_ARGS`: `IP=` is a comma-separated list of CIDRs to append to the configured
 * addresses; `GATEWAY=` a comma-separated list of gateways, each given to every CNI_ARGS address whose subnet holds
 * it (later ones win). As in the reference, GATEWAY never touches `ipam.addresses`. Unknown keys are refused
 * unless `IgnoreUnknown=1`.
 */
export function readEnvAddresses(rawCniArgs: string): AddressEntry[] {
  const args = parseCniArgs(rawCniArgs);
  checkKnownCniArgs(args, STATIC_IPAM_CNI_ARGS);
  const ipValue = getCniArg(args, 'IP');
  const entries: AddressEntry[] = ipValue
    ? ipValue.split(',').map((item, i) => ({ text: parseAddressCidr(item.trim(), `CNI_ARGS IP[${i}]`).address, field: `CNI_ARGS IP[${i}]` }))
    : [];
  const gatewayValue = getCniArg(args, 'GATEWAY');
  if (gatewayValue) {
    gatewayValue.split(',').forEach((item, i) => {
      const gw = parseGoIp(item.trim());
      if (!gw) throw invalidConfig(`CNI_ARGS GATEWAY[${i}]`, `${JSON.stringify(item)} is not an IP address`);
      const gwIp = parseIp(gw.ip)!;
      for (const entry of entries) {
        if (containsIp(parseCidr(entry.text)!, gwIp)) entry.gateway = gw.ip;
      }
    });
  }
  return entries;
}
