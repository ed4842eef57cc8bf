import { runPlugin, type ChainDeps } from './chain-deps';
import type { NetworkConfigList } from './conf-list';
import { pluginFailure } from './errors';
import { listVersionAtLeast } from './go-version';
import { buildPluginStdin } from './plugin-stdin';
import { NO_ATTACHMENT } from './runtime-conf';

/**
 * statusNetworkList asks each plugin in order whether it is ready for ADD (libcni's GetStatusNetworkList). Lists
 * older than 1.1.0 do not know STATUS and succeed silently. No prevResult, no runtimeConfig, and the attachment
 * variables are empty. The first failure is returned with the plugin's code (50/51 pass through).
 */
export async function statusNetworkList(deps: ChainDeps, list: NetworkConfigList): Promise<void> {
  if (!listVersionAtLeast(list.cniVersion, '1.1.0')) return;
  for (const plugin of list.plugins) {
    try {
      await runPlugin(deps, 'STATUS', plugin, buildPluginStdin(list, plugin), NO_ATTACHMENT);
    } catch (e) {
      throw pluginFailure(plugin, 'status', e);
    }
  }
}
