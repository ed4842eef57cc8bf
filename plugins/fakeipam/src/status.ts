import type { CmdArgs } from '@plexus/skel';

/** statusFake reports ready: answering ADD needs no daemon, store or network. */
export async function statusFake(_args: CmdArgs): Promise<void> {
  // Always ready.
}
