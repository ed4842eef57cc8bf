import { SpawnRunner } from '@plexus/exec';
import { PluginDelegator } from '@plexus/invoke';
import { IpRoute2Netlink, type Netlink } from '@plexus/netlink';
import { NodeFileStore } from '@plexus/store';
import { allocateDanmIps } from './reserve/danm/allocate-danm-ips';
import type { DanmIpPair } from './reserve/danm/plan-allocation';
import { releaseDanmIps } from './reserve/danm/release-danm-ips';
import { renderDanmConfList } from './reserve/danm-render/render-danm-conf-list';
import { sendOverSocket } from './report-to-agent';
import { resolveNetworks } from './sources/resolve-networks';
import { createSourceDeps } from './sources/source-deps';
import type { DispatcherDeps } from './invocation/dispatcher-deps';

/**
 * productionDeps wires the production side effects. Nothing starts here: iproute2 runs when a netns is looked
 * at, the Kubernetes client loads on the first API call, and delegates are found in CNI_PATH per call (Plexus
 * bundles are `require`d once and then run in-process).
 */
export function productionDeps(): DispatcherDeps {
  const runner = new SpawnRunner();
  const files = new NodeFileStore();
  let netlink: Netlink | undefined;
  return {
    sources: { resolveNetworks },
    danm: {
      allocate: async (kube, ref, pair, owner, opts) => (await allocateDanmIps(kube, ref, pair as DanmIpPair, owner, opts)).addresses,
      release: (kube, ref, owner, opts) => releaseDanmIps(kube, ref, owner, opts),
      render: (request, addresses) => renderDanmConfList(request, addresses),
    },
    delegator: new PluginDelegator({ runner }),
    files,
    netlink: () => (netlink ??= new IpRoute2Netlink(runner)),
    sourceDeps: (config, env, log) => createSourceDeps(config, { env, log, files }),
    reportToAgent: sendOverSocket,
  };
}
