import type { CmdArgs } from '@plexus/skel';

/** delFake succeeds without reading anything: the caller owns the addresses and frees them itself (as in DANM). */
export async function delFake(_args: CmdArgs): Promise<void> {
  // Nothing to release.
}
