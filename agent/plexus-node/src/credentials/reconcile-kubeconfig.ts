import { dirname } from 'node:path';
import type { AgentFs } from '../agent-fs';
import { readServiceAccount } from './read-service-account';
import { renderKubeconfig } from './render-kubeconfig';

/** tokenExpiry reads `exp` (seconds) from a JWT without verifying it; undefined for an opaque token. */
export function tokenExpiry(token: string): Date | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? new Date(exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * reconcileKubeconfig rewrites the plugin kubeconfig (0600) when the service-account token or CA changed. The
 * kubelet rotates a projected token at 80 % of its lifetime by swapping the file, so re-reading it on every pass
 * refreshes the plugin's copy well before the old one expires; the expiry is returned for the health check.
 */
export async function reconcileKubeconfig(
  fs: AgentFs,
  saDir: string,
  server: string,
  kubeconfigPath: string,
): Promise<{ action: 'unchanged' | 'written'; expires?: Date }> {
  const sa = await readServiceAccount(fs, saDir, server);
  const wanted = renderKubeconfig(server, sa);
  const expires = tokenExpiry(sa.token);
  if ((await fs.read(kubeconfigPath)) === wanted) return { action: 'unchanged', expires };
  await fs.mkdirp(dirname(kubeconfigPath), 0o700);
  await fs.writeAtomic(kubeconfigPath, wanted, 0o600);
  return { action: 'written', expires };
}
