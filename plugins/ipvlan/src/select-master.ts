import { invalidConfig } from '@plexus/cni-spec';
import { LinkNotFoundError, type LinkInfo, type Netlink, type NetnsScope } from '@plexus/netlink';
import type { IpvlanConf } from './config';
import { findDefaultRouteInterface } from './default-route';
import { kernelError } from './errors';

/** The master NIC: its name, where it lives and how it was chosen. */
export interface MasterRef {
  name: string;
  /** Netns holding the master: the host's, or the pod's (linkInContainer). */
  netns: NetnsScope;
  source: 'config' | 'prevResult' | 'default-route';
}

/** A master that was found, with what the kernel reports about it. */
export interface ResolvedMaster extends MasterRef {
  link: LinkInfo;
}

/**
 * chooseMaster names the master: `master` from the config; else, when chained without IPAM, the single named
 * interface of prevResult; else the device of the default route (looked up in the pod with linkInContainer).
 * Every failure is code 7 naming `master`, since the config left the choice to us.
 */
export async function chooseMaster(conf: IpvlanConf, netlink: Netlink, podNetns: string): Promise<MasterRef> {
  const netns = masterNetns(conf, netlink, podNetns);
  if (conf.master !== undefined) return { name: conf.master, netns, source: 'config' };
  if (conf.prevResult && conf.ipamType === undefined) {
    const named = (conf.prevResult.interfaces ?? []).filter((i) => i.name);
    if (named.length !== 1) {
      throw invalidConfig('master', `omitted, and prevResult has ${named.length} named interfaces where exactly one is needed to pick it`);
    }
    return { name: named[0]!.name, netns, source: 'prevResult' };
  }
  let dev: string | undefined;
  try {
    dev = await findDefaultRouteInterface(netns);
  } catch (e) {
    throw kernelError(e, 'look up the default route');
  }
  if (!dev) throw invalidConfig('master', `omitted, and there is no default route ${netns.path ? `in netns "${netns.path}"` : 'in the host netns'} to take it from`);
  return { name: dev, netns, source: 'default-route' };
}

/** lookUpMaster reads the master link; a missing one is code 7 naming `master` and where it was looked for. */
export async function lookUpMaster(ref: MasterRef): Promise<ResolvedMaster> {
  try {
    return { ...ref, link: await ref.netns.getLink(ref.name) };
  } catch (e) {
    if (e instanceof LinkNotFoundError) {
      const where = ref.netns.path ? `pod netns "${ref.netns.path}"` : 'host netns';
      throw invalidConfig('master', `interface "${ref.name}" (${describeSource(ref.source)}) not found in the ${where}`);
    }
    throw kernelError(e, `look up master "${ref.name}"`);
  }
}

/** masterNetns is where the master lives: the pod's netns with linkInContainer, else the host's. */
export function masterNetns(conf: Pick<IpvlanConf, 'linkInContainer'>, netlink: Netlink, podNetns: string): NetnsScope {
  return conf.linkInContainer ? netlink.pod(podNetns) : netlink.host();
}

/** resolveMaster is chooseMaster then lookUpMaster. */
export async function resolveMaster(conf: IpvlanConf, netlink: Netlink, podNetns: string): Promise<ResolvedMaster> {
  return lookUpMaster(await chooseMaster(conf, netlink, podNetns));
}

function describeSource(source: MasterRef['source']): string {
  if (source === 'config') return 'from "master"';
  if (source === 'prevResult') return "prevResult's interface";
  return 'the default-route interface';
}
