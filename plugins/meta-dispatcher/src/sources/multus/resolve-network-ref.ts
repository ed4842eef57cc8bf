import { isNotFound } from '@plexus/k8s';
import { isDnsSubdomain } from '../../config/kube-names';
import type { ConfList } from '../../config/conf-list';
import { findConfByName } from '../conf-files/find-conf-by-name';
import { loadConfPath } from '../conf-files/load-conf-path';
import { kubeReadError, networkNotFound, type ErrorSubject } from '../../errors/dispatcher-errors';
import type { ResolveContext } from '../resolve-context';
import { confListOfNad } from './load-nad-conf';

/** A network resolved from a config reference. */
export interface ResolvedRef {
  confList: ConfList;
  /** `<multusNamespace>/<nad>` for a NAD, else the conf's `name`. */
  statusName: string;
}

/**
 * resolveNetworkRef resolves `clusterNetwork` / `defaultNetworks[i]` the way Multus does: a value with a `/` is a
 * path (a file, or a directory whose first conf is used); otherwise a NAD of that name in multusNamespace (when an
 * API is configured and the name is a valid object name), then a conf with that `name` in confDir. Nothing found
 * is code 110 naming the config field.
 */
export async function resolveNetworkRef(ctx: ResolveContext, ref: string, field: string, s: ErrorSubject): Promise<ResolvedRef> {
  if (ref.includes('/')) {
    const found = await loadConfPath(ctx.deps.files, ref, field, ctx.deps.log, s);
    return { confList: found.confList, statusName: found.confList.name };
  }
  const ns = ctx.config.multusNamespace;
  if (ctx.deps.kube && isDnsSubdomain(ref)) {
    try {
      const nad = await ctx.deps.kube().getNetworkAttachmentDefinition(ns, ref);
      return { confList: await confListOfNad(ctx, nad, field, { ...s, network: `${ns}/${ref}` }), statusName: `${ns}/${ref}` };
    } catch (e) {
      // A missing NAD is not an error yet: the name may be a conf in confDir (the usual file-based cluster network).
      if (!isNotFound(e)) throw kubeReadError(e, { ...s, network: `${ns}/${ref}` }, field, `NetworkAttachmentDefinition "${ns}/${ref}"`);
    }
  }
  const found = await findConfByName(ctx.deps.files, ctx.config.confDir, ref, ctx.deps.log, s);
  if (found) return { confList: found.confList, statusName: found.confList.name };
  const where = ctx.deps.kube ? `no NetworkAttachmentDefinition "${ns}/${ref}" and no` : 'no';
  throw networkNotFound(s, field, `${where} conf named "${ref}" in ${ctx.config.confDir}`);
}
