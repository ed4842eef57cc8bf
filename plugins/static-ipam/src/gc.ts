import type { CmdArgs } from '@plexus/skel';

/** gcStatic has nothing to collect: no allocation outlives an invocation. */
export async function gcStatic(_args: CmdArgs): Promise<void> {
  // Nothing allocated.
}
