import { formatResult, isValidNetworkName, validateContainerId, validateIfName } from '@plexus/cni-spec';
import { addPlugin, type ChainDeps } from './chain-deps';
import type { NetworkConfigList } from './conf-list';
import { confListError, describeError, pluginFailure } from './errors';
import { buildPluginStdin } from './plugin-stdin';
import type { RuntimeConf } from './runtime-conf';

/**
 * addNetworkList runs ADD on each plugin in order, each getting the previous plugin's result as prevResult
 * (libcni's AddNetworkList), and returns the final result in the list's version. The first failure stops the
 * chain with `plugin type="X" failed (add): …` carrying the plugin's code; there is no automatic DEL: cleaning up
 * is the caller's job, exactly as with libcni. With a cache in `deps`, the final result is cached once the whole
 * chain succeeded.
 */
export async function addNetworkList(deps: ChainDeps, list: NetworkConfigList, rt: RuntimeConf): Promise<Record<string, unknown>> {
  const version = list.cniVersion || '0.1.0';
  let prevResult: Record<string, unknown> | undefined;
  for (const plugin of list.plugins) {
    try {
      validateAttachment(list, rt);
      const stdin = buildPluginStdin(list, plugin, { prevResult, capabilityArgs: rt.capabilityArgs });
      // Results are threaded in the list's version: that is what every plugin of this list reads.
      prevResult = formatResult(await addPlugin(deps, plugin, stdin, rt), version);
    } catch (e) {
      throw pluginFailure(plugin, 'add', e);
    }
  }
  if (prevResult === undefined) throw confListError(`network "${list.name}" has no plugins`);
  if (deps.cache) {
    try {
      await deps.cache.write(list, rt, prevResult);
    } catch (e) {
      throw confListError(`failed to set network "${list.name}" cached result: ${describeError(e)}`, 5);
    }
  }
  return prevResult;
}

/** validateAttachment applies libcni's checks before every ADD exec: container id, network name, ifname. */
function validateAttachment(list: NetworkConfigList, rt: RuntimeConf): void {
  validateContainerId(rt.containerId);
  if (!isValidNetworkName(list.name)) throw confListError(`invalid network name "${list.name}"`);
  validateIfName(rt.ifName);
}
