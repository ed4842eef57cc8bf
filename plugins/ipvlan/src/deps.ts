import { SpawnRunner } from '@plexus/exec';
import { PluginDelegator, type Delegator } from '@plexus/invoke';
import { IpRoute2Netlink, type Netlink } from '@plexus/netlink';
import { randomSuffix } from './temp-name';

/** Everything the handlers touch outside themselves: the kernel, other plugins, randomness. */
export interface IpvlanDeps {
  netlink: Netlink;
  delegator: Delegator;
  /** Suffix source for temporary link names. */
  randomSuffix: () => string;
}

/**
 * productionDeps wires the real kernel (iproute2) and delegation (in-process for Plexus bundles, else exec), both
 * over SpawnRunner: no execa in the bundle, which keeps the start of every invocation short.
 */
export function productionDeps(): IpvlanDeps {
  const runner = new SpawnRunner();
  return { netlink: new IpRoute2Netlink(runner), delegator: new PluginDelegator({ runner }), randomSuffix };
}
