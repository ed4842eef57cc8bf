import type { KubeObject } from '@plexus/k8s';
import type { DanmNetworkRef, PodIdentity } from '../../plan/network-request';
import { kubeReadError, networkNotFound } from '../../errors/dispatcher-errors';
import type { ResolveContext } from '../resolve-context';
import { DANM_RESOURCES, describeDanmRef, type DanmNetwork } from '../../plan/danm-network';
import { parseDanmNetwork } from './parse-danm-network';

/** loadDanmNetworkObject GETs a DANM network object; 404 → 110 naming `field`, no API → 110 saying so. */
export async function loadDanmNetworkObject(ctx: ResolveContext, ref: DanmNetworkRef, pod: PodIdentity, field: string): Promise<KubeObject> {
  const s = { pod, network: describeDanmRef(ref) };
  if (!ctx.deps.kube) throw networkNotFound(s, field, 'DANM networks need the Kubernetes API, and none is configured (set "kubeconfig")');
  const type = DANM_RESOURCES[ref.kind];
  try {
    return await ctx.deps.kube().getObject(type, type.namespaced ? { namespace: ref.namespace, name: ref.name } : { name: ref.name });
  } catch (e) {
    throw kubeReadError(e, s, field, describeDanmRef(ref));
  }
}

/** loadDanmNetwork GETs and validates a DANM network object. */
export async function loadDanmNetwork(ctx: ResolveContext, ref: DanmNetworkRef, pod: PodIdentity, field: string): Promise<DanmNetwork> {
  return parseDanmNetwork(await loadDanmNetworkObject(ctx, ref, pod, field), ref, pod);
}
