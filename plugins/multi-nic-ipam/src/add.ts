import { invalidConfig, resultFamilyOf, type Result } from '@plexus/cni-spec';
import type { CmdArgs } from '@plexus/skel';
import { allocateAddresses } from './alloc/allocate';
import { BlockStore } from './alloc/block-store';
import { buildMultiNicResult } from './build-result';
import { resolveNodeName, parseMultiNicConfig, networkDir, listHostAddresses, memoize, resolveHostIndex, hostBlockAt, selectMasters, type SelectedMaster } from '@plexus/multi-nic';
import type { MultiNicDeps } from './deps';
import { syncRoutesOnAdd } from './l3/sync-routes-on-add';

/**
 * createAdd builds the ADD handler: config → masters → host index (fixed, cached, or claimed in Kubernetes) → one
 * address per master from this host's blocks, in one locked step → in L3 mode, a route sync when one is due.
 */
export function createAdd(deps: MultiNicDeps): (args: CmdArgs) => Promise<Result> {
  return async (args) => {
    const config = parseMultiNicConfig(args.conf);
    const dir = networkDir(config.dataDir, config.network);
    const hostAddresses = memoize(async () => listHostAddresses(await deps.netlink()));
    const masters = selectMasters(config.request, config.pool, config.pool.kind === 'masterNets' ? await hostAddresses() : []);
    checkFitsResultVersion(masters, config.cniVersion, config.request.kind === 'names' ? config.request.field : 'ipam.masters');
    const nodeName = resolveNodeName(config.nodeName, args.env, deps.hostname);
    const { hostIndex, origin } = await resolveHostIndex({
      config,
      dir,
      nodeName,
      files: deps.files,
      openStore: () => deps.openHostIndexStore({ kubeconfig: config.kubeconfig, env: args.env }),
      hostAddresses,
      now: deps.now,
      log: args.log,
    });
    const addresses = await allocateAddresses(new BlockStore(deps.files, dir, args.signal), {
      containerId: args.containerId,
      ifName: args.ifName,
      masters: masters.map((m) => ({ master: m.name, blocks: hostBlockAt(config.layout, m.position, hostIndex) })),
      excludes: config.layout.excludes,
      reserved: config.reserved,
    });
    args.log.info('allocated', { network: config.network, node: nodeName, hostIndex, hostIndexFrom: origin, addresses });
    if (config.vlanMode !== 'l2') {
      await syncRoutesOnAdd({ config, dir, nodeName, hostIndex, deps, env: args.env, hostAddresses, log: args.log });
    }
    return buildMultiNicResult(config, addresses);
  };
}

/**
 * checkFitsResultVersion applies the 0.1.0/0.2.0 rule before anything is allocated: those results carry one
 * address per family, so several masters cannot be answered (static IPAM refuses likewise rather than drop some).
 */
function checkFitsResultVersion(masters: SelectedMaster[], cniVersion: string, field: string): void {
  if (resultFamilyOf(cniVersion) === '020' && masters.length > 1) {
    throw invalidConfig(
      field,
      `cniVersion ${cniVersion} results hold one address per family, but ${masters.length} masters were requested; use cniVersion 0.3.0 or later`,
    );
  }
}
