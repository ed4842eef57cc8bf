import { CniCode } from '@plexus/cni-spec';
import { isHttpError, isTransientHttpError, type HttpStatusError } from '@plexus/http';
import type { BackendOptions } from '../../config/dispatcher-config';
import type { PodIdentity } from '../../plan/network-request';
import { DispatcherCode, dispatcherError } from '../../errors/dispatcher-errors';
import type { ResolveContext } from '../resolve-context';

/** backendUrl adds the pod to the backend URL: `?podName=<name>&namespace=<ns>`, URL-encoded (Dockin sent neither). */
export function backendUrl(backend: BackendOptions, pod: PodIdentity): string {
  const url = new URL(backend.url);
  url.searchParams.set('podName', pod.name);
  url.searchParams.set('namespace', pod.namespace);
  return url.toString();
}

/**
 * fetchBackendAnswer GETs the pod's networks from the Dockin-style backend. Timeouts, unreachable servers, 5xx
 * and 429 are code 11 (the runtime retries the ADD); another non-2xx is the backend refusing (112); a body that is
 * not JSON is 113. Checking the body's shape is parseBackendAnswer's job.
 */
export async function fetchBackendAnswer(ctx: ResolveContext, backend: BackendOptions, pod: PodIdentity): Promise<unknown> {
  const url = backendUrl(backend, pod);
  try {
    return (await ctx.deps.http().getJson(url, { timeoutMs: backend.timeoutMs })).body;
  } catch (e) {
    if (!isHttpError(e)) throw e;
    if (isTransientHttpError(e)) throw dispatcherError(CniCode.TryAgainLater, 'network backend unavailable', { pod }, e.message);
    if (e.kind === 'status') {
      throw dispatcherError(DispatcherCode.BackendRefused, 'the backend refused the pod', { pod }, `HTTP ${(e as HttpStatusError).status} from ${url}: ${(e as HttpStatusError).bodySnippet || '(empty body)'}`);
    }
    throw dispatcherError(DispatcherCode.BackendBadAnswer, 'unusable backend answer ((body))', { pod }, e.message);
  }
}
