import { AgentError } from '../errors';
import type { AgentFs } from '../agent-fs';

/** The bits of a service-account mount the plugin kubeconfig is built from. */
export interface ServiceAccount {
  token: string;
  /** PEM of the cluster CA; undefined when the mount has none (only acceptable for a plain-HTTP test API). */
  ca?: string;
}

/** readServiceAccount reads `<dir>/token` (required, non-empty) and `<dir>/ca.crt` (required for an https server). */
export async function readServiceAccount(fs: AgentFs, dir: string, server: string): Promise<ServiceAccount> {
  if (!(await fs.isDirectory(dir))) throw new AgentError('input', `service-account dir "${dir}" does not exist (--sa-dir)`);
  const token = (await fs.read(`${dir}/token`))?.trim();
  if (!token) throw new AgentError('input', `service-account token "${dir}/token" is missing or empty`);
  const ca = await fs.read(`${dir}/ca.crt`);
  if (server.startsWith('https:') && !ca?.includes('BEGIN CERTIFICATE')) {
    throw new AgentError('input', `service-account CA "${dir}/ca.crt" is missing or not a PEM certificate (needed for ${server})`);
  }
  return { token, ca: ca || undefined };
}
