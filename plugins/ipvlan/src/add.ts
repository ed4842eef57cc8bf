import { ipFamilyOf, type Result } from '@plexus/cni-spec';
import type { CmdArgs } from '@plexus/skel';
import { acquireAddresses } from './acquire-addresses';
import { chooseAddressSource } from './address-source';
import { buildAddResult } from './build-result';
import { checkMtu } from './check-mtu';
import { checkPodNetns } from './check-netns';
import { parseIpvlanConf } from './config';
import { configureInterface } from './configure-iface';
import { createIpvlanLink } from './create-link';
import { deleteOwnLink } from './delete-own-link';
import type { IpvlanDeps } from './deps';
import { enableNeighbourNotify, logNotifyFailures } from './neighbour-notify';
import { resolveMaster } from './select-master';
import { tempLinkName } from './temp-name';
import { withUndo } from '@plexus/undo';

/**
 * addIpvlan handles ADD: validate everything that can be validated without side effects (config, netns, master,
 * MTU); create the link in the pod under a temporary name (and switch on its neighbour announcements) while
 * getting the addresses (IPAM or prevResult); then rename, address, raise and route it in one batch. Every side
 * effect is undone in reverse if a later step fails: the IPAM allocation is released and the link deleted.
 */
export async function addIpvlan(args: CmdArgs, deps: IpvlanDeps): Promise<Result> {
  const conf = parseIpvlanConf(args.conf);
  const source = chooseAddressSource(conf);
  await checkPodNetns(deps.netlink, args.netns);
  const master = await resolveMaster(conf, deps.netlink, args.netns);
  checkMtu(conf.mtu, master);
  const log = args.log.child({ master: master.name, mode: conf.mode });

  return withUndo(log, async (undo) => {
    const tempName = tempLinkName(deps.randomSuffix);
    const pod = deps.netlink.pod(args.netns);
    // Link creation and its announcement sysctls (waiting on processes) and IPAM (an in-process Plexus IPAM runs on
    // our thread) do not depend on each other, so they overlap. Each registers its undo step as soon as it
    // succeeds; if either fails, the other's step is on the stack too and both are unwound.
    const [created, acquired] = await Promise.allSettled([
      createIpvlanLink({ master, mode: conf.mode, mtu: conf.mtu, pod, tempName }).then(() => {
        undo.push('delete ipvlan link', () => deleteOwnLink(pod, tempName, args.ifName));
        return enableNeighbourNotify(pod, tempName);
      }),
      acquireAddresses(source, args, deps.delegator, undo),
    ]);
    // The link's failure is reported first: it is the plugin's own (and, for a vanished master, retryable).
    if (created.status === 'rejected') throw created.reason;
    if (acquired.status === 'rejected') throw acquired.reason;
    const addresses = acquired.value;
    logNotifyFailures(created.value, new Set((addresses.ips ?? []).map((ip) => ipFamilyOf(ip.address))), log);
    await configureInterface(pod, { tempName, ifName: args.ifName, ips: addresses.ips ?? [], routes: addresses.routes ?? [] }, log);
    log.debug('interface ready', { ifName: args.ifName });
    // An ipvlan link always carries its master's MAC (the kernel copies it), so no re-read is needed.
    return buildAddResult({ ifName: args.ifName, mac: master.link.mac, sandbox: args.netns, addresses, dns: conf.dns });
  });
}
