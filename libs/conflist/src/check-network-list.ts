import { CniCode } from '@plexus/cni-spec';
import { runPlugin, type ChainDeps } from './chain-deps';
import type { NetworkConfigList } from './conf-list';
import type { PrevResultOptions } from './del-network-list';
import { confListError, describeError, pluginFailure } from './errors';
import { listVersionAtLeast } from './go-version';
import { toListVersion } from './list-result';
import { buildPluginStdin } from './plugin-stdin';
import type { RuntimeConf } from './runtime-conf';

/**
 * checkNetworkList runs CHECK on each plugin in order with the final ADD result (converted to the list's version)
 * as prevResult (libcni's CheckNetworkList). Lists older than 0.4.0 cannot CHECK (code 1); `disableCheck` makes it
 * a success without running anything. A missing result is not an error here: plugins then get no prevResult and
 * decide for themselves (most fail "Required prevResult missing").
 */
export async function checkNetworkList(deps: ChainDeps, list: NetworkConfigList, rt: RuntimeConf, opts: PrevResultOptions = {}): Promise<void> {
  if (!listVersionAtLeast(list.cniVersion, '0.4.0')) {
    throw confListError(`configuration version "${list.cniVersion}" does not support the CHECK command`, CniCode.IncompatibleVersion);
  }
  if (list.disableCheck) return;
  let prevResult: Record<string, unknown> | undefined;
  try {
    if (deps.cache) prevResult = await deps.cache.readResult(list, rt);
    else if (opts.prevResult !== undefined) prevResult = toListVersion(opts.prevResult, list.cniVersion);
  } catch (e) {
    throw confListError(`failed to get network "${list.name}" cached result: ${describeError(e)}`, CniCode.DecodingFailure);
  }
  for (const plugin of list.plugins) {
    const stdin = buildPluginStdin(list, plugin, { prevResult, capabilityArgs: rt.capabilityArgs });
    try {
      await runPlugin(deps, 'CHECK', plugin, stdin, rt);
    } catch (e) {
      throw pluginFailure(plugin, 'check', e);
    }
  }
}
