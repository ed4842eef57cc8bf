import { tryAgainLater } from '@plexus/cni-spec';
import type { Logger } from '@plexus/log';
import type { FileStore } from '@plexus/store';
import { MULTUS_DEFAULTS } from '../config/multus-options';

/** The clock of the readiness wait (injectable so tests do not sleep). */
export interface ReadinessClock {
  sleep(ms: number): Promise<void>;
  now(): number;
}

const realClock: ReadinessClock = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

/**
 * waitForReadiness waits for Multus' `readinessindicatorfile` the way Multus does: look once a second until it
 * exists or the timeout passes, then fail with 11 (try again later) naming the file, before anything is resolved,
 * attached or checkpointed. Anything at the path counts (a directory too), as Multus only stats it.
 */
export async function waitForReadiness(files: FileStore, path: string, timeoutMs: number, log: Logger, clock: ReadinessClock = realClock): Promise<void> {
  const deadline = clock.now() + timeoutMs;
  for (let first = true; ; first = false) {
    if (await exists(files, path)) return;
    if (first) log.info('waiting for the readiness indicator file', { readinessindicatorfile: path, timeoutMs });
    const left = deadline - clock.now();
    if (left <= 0) break;
    await clock.sleep(Math.min(MULTUS_DEFAULTS.readinessPollMs, left));
  }
  throw tryAgainLater(`readinessindicatorfile "${path}" did not appear within ${timeoutMs} ms`, 'the default network is not ready; the runtime retries the ADD');
}

async function exists(files: FileStore, path: string): Promise<boolean> {
  try {
    return (await files.read(path)) !== undefined;
  } catch {
    // Present but unreadable (a directory, no permission): it exists, which is all Multus checks.
    return true;
  }
}

/** awaitReadiness waits for the configured readiness indicator file, if any (ADD, STATUS and GC, as Multus). */
export async function awaitReadiness(inv: { config: { readinessIndicatorFile?: string; readinessTimeoutMs: number }; deps: { files: FileStore; readinessClock?: ReadinessClock }; log: Logger }): Promise<void> {
  const path = inv.config.readinessIndicatorFile;
  if (path) await waitForReadiness(inv.deps.files, path, inv.config.readinessTimeoutMs, inv.log, inv.deps.readinessClock);
}
