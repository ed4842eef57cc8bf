import { CniCode, CniError } from '@plexus/cni-spec';
import { isNotFound } from '@plexus/k8s';
import type { PodIdentity } from '../plan/network-request';
import { describeSubject, kubeReadError } from '../errors/dispatcher-errors';
import type { ResolveContext } from './resolve-context';

/** The runtimeConfig key under which containerd passes the pod's annotations (capability of the same name). */
export const CRI_POD_ANNOTATIONS = 'io.kubernetes.cri.pod-annotations';

/** A pod's annotations and where they were read. */
export interface PodAnnotations {
  annotations: Record<string, string>;
  /** `runtime`: runtimeConfig (no API call); `api`: a pod GET; `none`: no source was available. */
  from: 'runtime' | 'api' | 'none';
}

/**
 * loadPodAnnotations gets the pod's annotations the cheapest way: from runtimeConfig when the runtime passed them
 * (containerd does, given the `io.kubernetes.cri.pod-annotations` capability), so the common ADD needs no pod GET;
 * else one GET of the pod. A pod that is gone, or whose UID differs from K8S_POD_UID (a newer pod of the same
 * name), is code 3. Without an API and without runtime annotations the result is empty (`from: 'none'`).
 */
export async function loadPodAnnotations(ctx: ResolveContext, pod: PodIdentity): Promise<PodAnnotations> {
  const fromRuntime = readRuntimeAnnotations(ctx.runtimeConfig, pod);
  if (fromRuntime) return { annotations: fromRuntime, from: 'runtime' };
  if (!ctx.deps.kube) {
    ctx.deps.log.debug('no pod annotations: the runtime passed none and no Kubernetes API is configured', { pod: `${pod.namespace}/${pod.name}` });
    return { annotations: {}, from: 'none' };
  }
  let found;
  try {
    found = await ctx.deps.kube().getPod(pod.namespace, pod.name, { uid: pod.uid });
  } catch (e) {
    if (isNotFound(e)) throw new CniError(CniCode.UnknownContainer, 'pod not found', `${describeSubject({ pod })}: it does not exist (deleted before its sandbox was set up?)`);
    throw kubeReadError(e, { pod }, 'pod', `pod "${pod.namespace}/${pod.name}"`);
  }
  if (pod.uid && found.metadata.uid && found.metadata.uid !== pod.uid) {
    throw new CniError(CniCode.UnknownContainer, 'pod was replaced', `${describeSubject({ pod })}: K8S_POD_UID is ${pod.uid} but the API has uid ${found.metadata.uid}`);
  }
  return { annotations: { ...(found.metadata.annotations ?? {}) }, from: 'api' };
}

function readRuntimeAnnotations(runtimeConfig: Record<string, unknown>, pod: PodIdentity): Record<string, string> | undefined {
  const raw = runtimeConfig[CRI_POD_ANNOTATIONS];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new CniError(CniCode.InvalidConfig, `invalid runtimeConfig.${CRI_POD_ANNOTATIONS}`, `${describeSubject({ pod })}: must be an object of strings`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') {
      throw new CniError(CniCode.InvalidConfig, `invalid runtimeConfig.${CRI_POD_ANNOTATIONS}`, `${describeSubject({ pod })}: annotation "${k}" is not a string`);
    }
    out[k] = v;
  }
  return out;
}
