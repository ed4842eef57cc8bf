import { runPlugin, type ChainDeps } from './chain-deps';
import type { NetworkConfigList } from './conf-list';
import { pluginFailure } from './errors';
import { listVersionAtLeast } from './go-version';
import { toListVersion } from './list-result';
import { buildPluginStdin } from './plugin-stdin';
import type { RuntimeConf } from './runtime-conf';

/** Options of delNetworkList and checkNetworkList for callers without a cache in ChainDeps. */
export interface PrevResultOptions {
  /** The attachment's final ADD result (any version; converted to the list's). */
  prevResult?: unknown;
}

/**
 * delNetworkList runs DEL on each plugin in reverse order (libcni's DelNetworkList). From 0.4.0 on every plugin
 * gets the final ADD result as prevResult: from the cache when `deps` has one (a file that cannot be read is
 * deleted and DEL goes on without), else from `opts.prevResult` (one that cannot be converted is left out). The
 * first failure stops the walk; with a cache, the entry is removed only after every plugin succeeded, so a retry
 * gets the same prevResult.
 */
export async function delNetworkList(deps: ChainDeps, list: NetworkConfigList, rt: RuntimeConf, opts: PrevResultOptions = {}): Promise<void> {
  const prevResult = listVersionAtLeast(list.cniVersion, '0.4.0') ? await readDelPrevResult(deps, list, rt, opts) : undefined;
  for (const plugin of [...list.plugins].reverse()) {
    const stdin = buildPluginStdin(list, plugin, { prevResult, capabilityArgs: rt.capabilityArgs });
    try {
      await runPlugin(deps, 'DEL', plugin, stdin, rt);
    } catch (e) {
      throw pluginFailure(plugin, 'delete', e);
    }
  }
  await deps.cache?.remove(list.name, rt);
}

async function readDelPrevResult(deps: ChainDeps, list: NetworkConfigList, rt: RuntimeConf, opts: PrevResultOptions): Promise<Record<string, unknown> | undefined> {
  if (deps.cache) {
    try {
      return await deps.cache.readResult(list, rt);
    } catch {
      await deps.cache.remove(list.name, rt);
      return undefined;
    }
  }
  if (opts.prevResult === undefined) return undefined;
  try {
    return toListVersion(opts.prevResult, list.cniVersion);
  } catch {
    // DEL must get as far as it can: plugins accept a DEL without prevResult (SPEC §2 DEL).
    return undefined;
  }
}
