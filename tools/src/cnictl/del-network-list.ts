import { runPlugin, type ChainDeps } from './chain-deps';
import type { NetworkConfigList } from './conf-list';
import { pluginFailure } from './errors';
import { versionAtLeast } from './go-version';
import { buildPluginStdin } from './plugin-stdin';
import type { RuntimeConf } from './runtime-conf';

/**
 * delNetworkList runs DEL on each plugin in reverse order (libcni's DelNetworkList). From 0.4.0 on every plugin
 * gets the cached final ADD result as prevResult; a cache file that cannot be read is deleted and DEL goes on
 * without prevResult. The cache is removed only after every plugin succeeded: a failed DEL keeps it, so the
 * retry gets the same prevResult. runtimeConfig comes from the caller's current capability args, not the cache.
 */
export async function delNetworkList(deps: ChainDeps, list: NetworkConfigList, rt: RuntimeConf): Promise<void> {
  let prevResult: Record<string, unknown> | undefined;
  if (versionAtLeast(list.cniVersion, '0.4.0')) {
    try {
      prevResult = await deps.cache.readResult(list, rt);
    } catch {
      await deps.cache.remove(list.name, rt);
      prevResult = undefined;
    }
  }
  for (const plugin of [...list.plugins].reverse()) {
    const stdin = buildPluginStdin(list, plugin, { prevResult, capabilityArgs: rt.capabilityArgs });
    try {
      await runPlugin(deps, 'DEL', plugin, stdin, rt);
    } catch (e) {
      throw pluginFailure(plugin, 'delete', e);
    }
  }
  await deps.cache.remove(list.name, rt);
}
