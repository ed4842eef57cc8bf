import type { ConfList } from '../../config/conf-list';

/**
 * buildIpamStdin writes the stdin of a multi-NIC group's IPAM call (pure): the network's name and version, the
 * upper plugin's `type`, the `ipam` object and the chosen `masters` (the list multi-nic-ipam answers in, one address
 * per master). The request's `args` are left out on purpose: `args.cni.nics`/`masters` would override the
 * dispatcher's choice inside the IPAM. `kubeconfig` goes along at the top level, where multi-nic-ipam looks for it.
 */
export function buildIpamStdin(confList: Pick<ConfList, 'cniVersion' | 'name'>, upperType: string, ipam: Record<string, unknown>, masters: readonly string[], kubeconfig?: string): string {
  const conf: Record<string, unknown> = { cniVersion: confList.cniVersion, name: confList.name, type: upperType, ipam, masters: [...masters] };
  if (kubeconfig) conf.kubeconfig = kubeconfig;
  return JSON.stringify(conf);
}
