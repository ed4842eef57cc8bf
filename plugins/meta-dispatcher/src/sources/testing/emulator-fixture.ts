import { createKubeClient } from '@plexus/k8s';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the API emulator is a tool; specs drive the dispatcher through the real client over HTTP
import { startEmulator, type Emulator } from '../../../../../tools/src/api-emulator';

// One place for the emulator import, so the boundary exception above is made once for every emulator spec.
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
