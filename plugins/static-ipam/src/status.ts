import type { CmdArgs } from '@plexus/skel';

/** statusStatic reports ready: answering ADD needs no daemon, store or network. */
export async function statusStatic(_args: CmdArgs): Promise<void> {
  // Always ready.
}
