import { isIPv6 } from 'node:net';
import { AgentError } from '../errors';

/**
 * resolveApiServer is `--api-server`, else the in-cluster address (always https, as client-go's InClusterConfig).
 * The URL must be http(s) with no path, credentials or query: it goes verbatim into the kubeconfig.
 */
export function resolveApiServer(flag: string | undefined, env: Record<string, string | undefined>): string {
  let raw = flag;
  if (raw === undefined) {
    const host = env['KUBERNETES_SERVICE_HOST'];
    const port = env['KUBERNETES_SERVICE_PORT'];
    if (!host || !port) throw new AgentError('usage', 'API server: --api-server not given and KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are unset');
    raw = `https://${isIPv6(host) ? `[${host}]` : host}:${port}`;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AgentError('usage', `--api-server "${raw}" is not a URL`);
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new AgentError('usage', `--api-server "${raw}": expected http(s)://host[:port] with nothing else`);
  }
  return `${url.protocol}//${url.host}`;
}
