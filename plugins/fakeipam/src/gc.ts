import type { CmdArgs } from '@plexus/skel';

/** gcFake has nothing to collect: fakeipam never allocates. */
export async function gcFake(_args: CmdArgs): Promise<void> {
  // Nothing allocated.
}
