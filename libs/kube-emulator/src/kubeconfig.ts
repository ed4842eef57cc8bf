import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/** What a kubeconfig for the emulator carries. */
export interface KubeconfigSpec {
  server: string;
  /** Inline bearer token… */
  token?: string;
  /** …or a file to read it from (client-go `tokenFile`), as a projected service-account token would be. */
  tokenFile?: string;
  /** PEM CA for an https server; an http server is marked insecure-skip-tls-verify, which client-node requires. */
  caPem?: string;
}

/** renderKubeconfig renders a one-cluster, one-user kubeconfig (JSON is valid YAML, so no YAML library is needed). */
export function renderKubeconfig(spec: KubeconfigSpec): string {
  const cluster: Record<string, unknown> = { server: spec.server };
  if (spec.caPem) cluster['certificate-authority-data'] = Buffer.from(spec.caPem).toString('base64');
  else cluster['insecure-skip-tls-verify'] = true;
  const user: Record<string, unknown> = {};
  if (spec.token !== undefined) user['token'] = spec.token;
  if (spec.tokenFile !== undefined) user['tokenFile'] = spec.tokenFile;
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'plexus-emulator', cluster }],
    users: [{ name: 'plexus-emulator', user }],
    contexts: [{ name: 'plexus-emulator', context: { cluster: 'plexus-emulator', user: 'plexus-emulator' } }],
    'current-context': 'plexus-emulator',
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * writeKubeconfig writes a kubeconfig file, mode 0600 (it holds a credential) even over an existing file: the mode
 * of writeFileSync applies only when it creates the file, so an existing world-readable one stayed readable. A
 * private temp file is renamed over the path instead, which also never writes through a symlink placed there.
 */
export function writeKubeconfig(path: string, spec: KubeconfigSpec): void {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(temp, renderKubeconfig(spec), { mode: 0o600, flag: 'wx' });
    chmodSync(temp, 0o600);
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}
