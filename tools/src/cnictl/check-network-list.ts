import { runPlugin, type ChainDeps } from './chain-deps';
import type { NetworkConfigList } from './conf-list';
import { CnictlError, pluginFailure } from './errors';
import { versionAtLeast } from './go-version';
import { buildPluginStdin } from './plugin-stdin';
import type { RuntimeConf } from './runtime-conf';

/**
 * checkNetworkList runs CHECK on each plugin in order with the cached result (converted to the list's version)
 * as prevResult (libcni's CheckNetworkList). Lists older than 0.4.0 cannot CHECK; `disableCheck` makes it a
 * success without running anything. A missing cache is not an error here: plugins then get no prevResult and
 * decide for themselves (most fail "Required prevResult missing").
 */
export async function checkNetworkList(deps: ChainDeps, list: NetworkConfigList, rt: RuntimeConf): Promise<void> {
  if (!versionAtLeast(list.cniVersion, '0.4.0')) {
    throw new CnictlError(`configuration version "${list.cniVersion}" does not support the CHECK command`);
  }
  if (list.disableCheck) return;
  let prevResult: Record<string, unknown> | undefined;
  try {
    prevResult = await deps.cache.readResult(list, rt);
  } catch (e) {
    throw new CnictlError(`failed to get network "${list.name}" cached result: ${(e as Error).message}`);
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
