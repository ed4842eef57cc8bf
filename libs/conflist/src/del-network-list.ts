import { CniCode } from '@plexus/cni-spec';
import { runPlugin, type ChainDeps } from './chain-deps';
import type { NetworkConfigList } from './conf-list';
import { confListError, describeError, pluginFailure } from './errors';
import { listVersionAtLeast } from './go-version';
import { CacheReadError } from './result-cache';
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
 * gets the final ADD result as prevResult: from the cache when `deps` has one (a file that cannot be read is an
 * error and is kept: deleting it would lose the only record of what to undo, and an entry we cannot parse is not
 * provably ours to delete), else from `opts.prevResult` (one that cannot be converted is left out). The
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
    } catch (e) {
      // A refused name (code 4/7) is reported as is: there is no entry to speak of.
      if (!(e instanceof CacheReadError)) throw e;
      throw confListError(`failed to get network "${list.name}" cached result: ${describeError(e)}; the cache entry is kept (fix or remove it, then retry)`, CniCode.DecodingFailure);
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
