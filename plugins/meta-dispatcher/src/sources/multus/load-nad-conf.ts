import type { NetworkAttachmentDefinition } from '@plexus/k8s';
import type { ConfList } from '../../config/conf-list';
import { findConfByName } from '../conf-files/find-conf-by-name';
import { kubeReadError, networkNotFound, type ErrorSubject } from '../../errors/dispatcher-errors';
import type { ResolveContext } from '../resolve-context';
import { confListFromNad } from './nad-conf';

/**
 * loadNad GETs a NetworkAttachmentDefinition. 404 is code 110 naming the pod, the network and the annotation
 * field that referenced it (never 11: the reference is wrong, retrying will not create the NAD); transient API
 * failures stay 11. Without an API at all it is code 7: the pod asks for something this node cannot look up.
 */
export async function loadNad(ctx: ResolveContext, namespace: string, name: string, field: string, s: ErrorSubject): Promise<NetworkAttachmentDefinition> {
  if (!ctx.deps.kube) throw networkNotFound(s, field, 'network attachment definitions need the Kubernetes API, and none is configured (set "kubeconfig")');
  try {
    return await ctx.deps.kube().getNetworkAttachmentDefinition(namespace, name);
  } catch (e) {
    throw kubeReadError(e, s, field, `NetworkAttachmentDefinition "${namespace}/${name}"`);
  }
}

/**
 * confListOfNad returns the NAD's conf: `spec.config`, or for an empty spec the conf in confDir whose `name` is
 * the NAD's name (code 110 when there is none).
 */
export async function confListOfNad(ctx: ResolveContext, nad: NetworkAttachmentDefinition, field: string, s: ErrorSubject): Promise<ConfList> {
  const inline = confListFromNad(nad, s);
  if (inline) return inline;
  const name = nad.metadata.name ?? '';
  const found = await findConfByName(ctx.deps.files, ctx.config.confDir, name, ctx.deps.log, s);
  if (!found) throw networkNotFound(s, field, `the NetworkAttachmentDefinition has no spec.config and ${ctx.config.confDir} holds no conf named "${name}"`);
  return found.confList;
}
