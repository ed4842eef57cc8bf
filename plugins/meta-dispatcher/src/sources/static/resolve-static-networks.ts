import type { StaticNetworkEntry } from '../../config/dispatcher-config';
import type { NetworkRequest, PodIdentity } from '../../plan/network-request';
import { findConfByName } from '../conf-files/find-conf-by-name';
import { loadConfPath } from '../conf-files/load-conf-path';
import { networkNotFound } from '../../errors/dispatcher-errors';
import { buildMultusRequest } from '../multus/build-multus-request';
import type { ResolveContext } from '../resolve-context';

/**
 * staticNetworkTask resolves one `networks[i]` entry from files only (no API): an absolute path is read (a
 * directory gives its first conf), a name is looked up by conf `name` in confDir. Entry 0 is the primary and
 * receives the runtime's capability args; the others use their `interface` when set.
 */
export function staticNetworkTask(ctx: ResolveContext, entry: StaticNetworkEntry, isPrimary: boolean, pod: PodIdentity | undefined): () => Promise<NetworkRequest> {
  return async () => {
    const s = { pod, network: entry.conf };
    const field = `${entry.field}.conf`;
    const found = entry.conf.includes('/')
      ? await loadConfPath(ctx.deps.files, entry.conf, field, ctx.deps.log, s)
      : await findConfByName(ctx.deps.files, ctx.config.confDir, entry.conf, ctx.deps.log, s);
    if (!found) throw networkNotFound(s, field, `no conf named "${entry.conf}" in ${ctx.config.confDir}`);
    return buildMultusRequest({
      confList: found.confList,
      source: 'static',
      statusName: found.confList.name,
      isPrimary,
      ifName: entry.interface,
      runtimeConfig: isPrimary ? ctx.runtimeConfig : undefined,
      pod,
    });
  };
}
