import { invalidConfig, ipFamilyOf, type Result } from '@plexus/cni-spec';
import { LinkNotFoundError, type AddrInfo, type LinkInfo, type Netlink, type NetnsScope, type RouteSpec } from '@plexus/netlink';
import type { CmdArgs } from '@plexus/skel';
import { checkAddresses } from './check-addresses';
import { checkLink } from './check-link';
import { checkPodNetns } from './check-netns';
import { checkRoutes } from './check-routes';
import { parseIpvlanConf, type IpvlanConf } from './config';
import type { IpvlanDeps } from './deps';
import { checkMismatch, kernelError } from './errors';
import { lookUpMaster, masterNetns, resolveMaster, type ResolvedMaster } from './select-master';

/**
 * checkIpvlan handles CHECK: IPAM CHECK first, then the pod's link against prevResult and the config (ipvlan,
 * mode, MAC, MTU, master), its addresses and the routes. The pod-side reads run concurrently.
 */
export async function checkIpvlan(args: CmdArgs, deps: IpvlanDeps): Promise<void> {
  const conf = parseIpvlanConf(args.conf);
  const prev = conf.prevResult;
  if (!prev) throw invalidConfig('prevResult', 'CHECK needs the ADD result as prevResult');
  await checkPodNetns(deps.netlink, args.netns);
  if (conf.ipamType !== undefined) {
    await deps.delegator.run({ type: conf.ipamType, command: 'CHECK', stdin: args.stdin, env: args.env, onStderr: args.writeStderr });
  }
  const index = (prev.interfaces ?? []).findIndex((i) => i.name === args.ifName && i.sandbox === args.netns);
  if (index < 0) throw checkMismatch('interface', `prevResult has no interface "${args.ifName}" with sandbox "${args.netns}"`);
  const master = await expectedMaster(conf, deps.netlink, args.netns);
  const ips = (prev.ips ?? []).filter((ip) => ip.interface === index || (ip.interface === undefined && prev.interfaces!.length === 1));
  const routes = prev.routes ?? [];

  const pod = deps.netlink.pod(args.netns);
  const [link, addrs, actualRoutes] = await Promise.all([readLink(pod, args.ifName), readAddrs(pod, args.ifName), listRouteFamilies(pod, routes)]);
  checkLink(link, { iface: prev.interfaces![index]!, mode: conf.mode, mtu: conf.mtu, master });
  checkAddresses(args.ifName, ips, addrs);
  checkRoutes(routes, actualRoutes);
}

/**
 * expectedMaster is the master the link must sit on. An explicit `master`, or the default-route interface, can be
 * looked up again (the reference skips this when `master` is omitted). When chained without IPAM, the master was
 * prevResult's interface at ADD time, which the final prevResult no longer shows: only "has a master" is checked.
 */
async function expectedMaster(conf: IpvlanConf, netlink: Netlink, podNetns: string): Promise<ResolvedMaster | undefined> {
  if (conf.master !== undefined) return lookUpMaster({ name: conf.master, netns: masterNetns(conf, netlink, podNetns), source: 'config' });
  if (conf.prevResult && conf.ipamType === undefined) return undefined;
  return resolveMaster(conf, netlink, podNetns);
}

async function readLink(pod: NetnsScope, ifName: string): Promise<LinkInfo> {
  try {
    return await pod.getLink(ifName);
  } catch (e) {
    if (e instanceof LinkNotFoundError) throw checkMismatch('interface', `interface "${ifName}" is missing from netns "${pod.path}"`);
    throw kernelError(e, `read interface "${ifName}"`);
  }
}

/** readAddrs lists the interface's addresses; a missing link reads as none (readLink reports it better). */
async function readAddrs(pod: NetnsScope, ifName: string): Promise<AddrInfo[]> {
  try {
    return await pod.listAddrs(ifName);
  } catch (e) {
    if (e instanceof LinkNotFoundError) return [];
    throw kernelError(e, `list the addresses of "${ifName}"`);
  }
}

/** listRouteFamilies lists every table of the families prevResult has routes in (no process for the others). */
async function listRouteFamilies(pod: NetnsScope, routes: NonNullable<Result['routes']>): Promise<Record<4 | 6, RouteSpec[]>> {
  const families = new Set(routes.map((r) => ipFamilyOf(r.dst)));
  const list = (f: 4 | 6): Promise<RouteSpec[]> => (families.has(f) ? pod.listRoutes(f, { table: 'all' }) : Promise.resolve([]));
  const [v4, v6] = await Promise.all([list(4), list(6)]);
  return { 4: v4, 6: v6 };
}
