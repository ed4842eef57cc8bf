import { runPlugin, type ChainDeps } from './chain-deps';
import type { NetworkConfigList } from './conf-list';
import { delNetworkList } from './del-network-list';
import { CnictlError, describeError, pluginFailure } from './errors';
import { versionAtLeast } from './go-version';
import { buildPluginStdin } from './plugin-stdin';
import { NO_ATTACHMENT, type RuntimeConf } from './runtime-conf';

/** An attachment the runtime still considers valid (SPEC §2 GC: `cni.dev/valid-attachments` entries). */
export interface GcAttachment {
  containerID: string;
  ifname: string;
}

/**
 * gcNetworkList garbage-collects a network (libcni's GCNetworkList): every cached attachment of this network not
 * in `valid` gets a full DEL with the netns, CNI_ARGS and capability args it was added with; then, for lists of
 * 1.1.0 and later, every plugin gets GC with `cni.dev/valid-attachments` (and the spec-v1.1.0 spelling
 * `cni.dev/attachments`, as libcni sends both). It goes on past errors and reports them all. `disableGC` makes it
 * a success without running anything.
 */
export async function gcNetworkList(deps: ChainDeps, list: NetworkConfigList, valid: GcAttachment[]): Promise<void> {
  if (list.disableGC) return;
  const errors: string[] = [];
  const keep = new Set(valid.map((a) => `${a.containerID}\0${a.ifname}`));
  for (const cached of await deps.cache.listAttachments()) {
    if (cached.networkName !== list.name || keep.has(`${cached.containerId}\0${cached.ifName}`)) continue;
    const rt: RuntimeConf = {
      containerId: cached.containerId,
      netns: cached.netns ?? '',
      ifName: cached.ifName,
      cniArgs: cached.cniArgs ?? [],
      capabilityArgs: cached.capabilityArgs,
    };
    try {
      await delNetworkList(deps, list, rt);
    } catch (e) {
      errors.push(`failed to delete stale attachment ${rt.containerId} ${rt.ifName}: ${describeError(e)}`);
    }
  }
  if (versionAtLeast(list.cniVersion, '1.1.0')) {
    const extra = { 'cni.dev/valid-attachments': valid, 'cni.dev/attachments': valid };
    for (const plugin of list.plugins) {
      try {
        await runPlugin(deps, 'GC', plugin, buildPluginStdin(list, plugin, { extra }), NO_ATTACHMENT);
      } catch (e) {
        errors.push(pluginFailure(plugin, 'gc', e).message);
      }
    }
  }
  if (errors.length) throw new CnictlError(errors.join('\n'));
}

/** parseValidAttachments reads `--valid containerID/ifname,…`. */
export function parseValidAttachments(spec: string | undefined): GcAttachment[] {
  if (spec === undefined || spec.trim() === '') return [];
  return spec.split(',').map((item) => {
    const [containerID, ifname, ...rest] = item.trim().split('/');
    if (!containerID || !ifname || rest.length) throw new CnictlError(`--valid: "${item}" is not containerID/ifname`);
    return { containerID, ifname };
  });
}
