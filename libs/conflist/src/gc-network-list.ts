import { CniCode, CniError, isCniError } from '@plexus/cni-spec';
import { runPlugin, type ChainDeps } from './chain-deps';
import type { NetworkConfigList } from './conf-list';
import { delNetworkList } from './del-network-list';
import { describeError, pluginFailure } from './errors';
import { listVersionAtLeast } from './go-version';
import { buildPluginStdin } from './plugin-stdin';
import { NO_ATTACHMENT, type RuntimeConf } from './runtime-conf';

/** An attachment the runtime still considers valid (SPEC §2 GC: `cni.dev/valid-attachments` entries). */
export interface GcAttachment {
  containerID: string;
  ifname: string;
}

/** A stale attachment to DEL before the plugins get GC (for callers that keep results themselves). */
export interface StaleAttachment {
  rt: RuntimeConf;
  prevResult?: unknown;
}

/** Options of gcNetworkList. */
export interface GcOptions {
  /** Without a cache in ChainDeps: the attachments of this network to DEL first. */
  stale?: StaleAttachment[];
}

/**
 * gcNetworkList garbage-collects a network (libcni's GCNetworkList): every stale attachment — with a cache, each
 * cached attachment of this network not in `valid`; without, `opts.stale` — gets a full DEL with the netns,
 * CNI_ARGS and capability args it was added with; then, for lists of 1.1.0 and later, every plugin gets GC with
 * `cni.dev/valid-attachments` (and the spec-v1.1.0 spelling `cni.dev/attachments`, as libcni sends both). It goes
 * on past errors and reports them all, one per line (code of the first). `disableGC` makes it a success without
 * running anything.
 */
export async function gcNetworkList(deps: ChainDeps, list: NetworkConfigList, valid: GcAttachment[], opts: GcOptions = {}): Promise<void> {
  if (list.disableGC) return;
  const errors: Array<{ code: number; text: string }> = [];
  for (const stale of await findStale(deps, list, valid, opts)) {
    try {
      await delNetworkList(deps, list, stale.rt, { prevResult: stale.prevResult });
    } catch (e) {
      errors.push({ code: codeOf(e), text: `failed to delete stale attachment ${stale.rt.containerId} ${stale.rt.ifName}: ${describeError(e)}` });
    }
  }
  if (listVersionAtLeast(list.cniVersion, '1.1.0')) {
    const extra = { 'cni.dev/valid-attachments': valid, 'cni.dev/attachments': valid };
    for (const plugin of list.plugins) {
      try {
        await runPlugin(deps, 'GC', plugin, buildPluginStdin(list, plugin, { extra }), NO_ATTACHMENT);
      } catch (e) {
        const err = pluginFailure(plugin, 'gc', e);
        errors.push({ code: err.code, text: err.message });
      }
    }
  }
  if (errors.length) throw new CniError(errors[0]!.code, errors.map((e) => e.text).join('\n'));
}

async function findStale(deps: ChainDeps, list: NetworkConfigList, valid: GcAttachment[], opts: GcOptions): Promise<StaleAttachment[]> {
  if (!deps.cache) return opts.stale ?? [];
  const keep = new Set(valid.map((a) => `${a.containerID}\0${a.ifname}`));
  return (await deps.cache.listAttachments())
    .filter((c) => c.networkName === list.name && !keep.has(`${c.containerId}\0${c.ifName}`))
    .map((c) => ({
      rt: { containerId: c.containerId, netns: c.netns ?? '', ifName: c.ifName, cniArgs: c.cniArgs ?? [], capabilityArgs: c.capabilityArgs },
    }));
}

function codeOf(e: unknown): number {
  return isCniError(e) ? e.code : CniCode.Internal;
}
