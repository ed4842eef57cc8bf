import { createKubeClient } from '@plexus/k8s';
import { startEmulator, type Emulator } from '@plexus/kube-emulator';

// Re-exported so an emulator spec imports its whole fixture from one place.
export { startEmulator, type Emulator };

/**
 * warmUpClientNode makes one request through @kubernetes/client-node against a throwaway emulator. Loading the
 * client through the jest transform takes seconds the first time; paid in a `beforeAll` with a long timeout, it
 * does not count against the first test's own timeout.
 */
export async function warmUpClientNode(): Promise<void> {
  const warm = await startEmulator();
  await createKubeClient({ kubeconfigPath: warm.kubeconfigPath }).listNodes();
  await warm.stop();
}
