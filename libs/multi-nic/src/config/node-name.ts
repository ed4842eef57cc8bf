/**
 * resolveNodeName names this host the way its Kubernetes Node is named: `ipam.nodeName`, else env `NODE_NAME`
 * (the usual downward-API variable of a DaemonSet), else `KUBERNETES_NODE_NAME`, else the hostname lower-cased
 * (kubelet's default `--hostname-override` behaviour).
 */
export function resolveNodeName(configured: string | undefined, env: Readonly<Record<string, string | undefined>>, hostname: () => string): string {
  for (const v of [configured, env.NODE_NAME, env.KUBERNETES_NODE_NAME]) if (v && v.trim() !== '') return v.trim();
  return hostname().trim().toLowerCase();
}
