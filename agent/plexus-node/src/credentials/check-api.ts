import { type KubeClient, type KubeFs, nodeKubeFs } from '@plexus/k8s';
import { AgentError } from '../errors';

/** Makes a client from a kubeconfig path and the file access it reads it through. */
export type KubeClientFactory = (kubeconfigPath: string, fs: KubeFs) => KubeClient;

/** A path that is never on disk: the kubeconfig under test is served from memory. */
const PENDING_KUBECONFIG = '/.plexus-node/pending.kubeconfig';

/**
 * checkApiReachable proves the kubeconfig about to be written works — the server answers and accepts the token —
 * by listing NetworkAttachmentDefinitions through it, before anything is written (a kubeconfig that cannot work
 * would only fail later, on a pod ADD). The kubeconfig is served from memory, not a temp file.
 */
export async function checkApiReachable(makeClient: KubeClientFactory, kubeconfig: string, server: string): Promise<void> {
  const overlay: KubeFs = {
    stat: (p) => (p === PENDING_KUBECONFIG ? { mtimeMs: 0, ctimeMs: 0, size: kubeconfig.length, ino: 1 } : nodeKubeFs.stat(p)),
    readFile: (p) => (p === PENDING_KUBECONFIG ? kubeconfig : nodeKubeFs.readFile(p)),
  };
  try {
    await makeClient(PENDING_KUBECONFIG, overlay).listNetworkAttachmentDefinitions({ namespace: 'default' });
  } catch (e) {
    throw new AgentError('api', `API server ${server} unreachable or refused the service-account token: ${(e as Error).message}`);
  }
}
