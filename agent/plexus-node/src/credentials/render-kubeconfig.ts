import type { ServiceAccount } from './read-service-account';

/**
 * renderKubeconfig writes the plugin's kubeconfig (JSON, which every YAML loader reads): the API address, the CA
 * embedded, and the service-account token. The token is the projected, expiring one; the daemon rewrites this file
 * whenever it rotates, so no long-lived secret is ever on the host.
 */
export function renderKubeconfig(server: string, sa: ServiceAccount): string {
  const cluster: Record<string, string> = { server };
  if (sa.ca !== undefined) cluster['certificate-authority-data'] = Buffer.from(sa.ca).toString('base64');
  // A plain-HTTP server (test APIs only) has no TLS to verify; libs/k8s refuses http unless this says so explicitly.
  const tlsFields = server.startsWith('http:') ? { 'insecure-skip-tls-verify': true } : {};
  return `${JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'plexus', cluster: { ...cluster, ...tlsFields } }],
      users: [{ name: 'plexus', user: { token: sa.token } }],
      contexts: [{ name: 'plexus', context: { cluster: 'plexus', user: 'plexus' } }],
      'current-context': 'plexus',
    },
    null,
    2,
  )}\n`;
}
