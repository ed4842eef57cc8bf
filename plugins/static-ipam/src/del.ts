import type { CmdArgs } from '@plexus/skel';

/**
 * delStatic succeeds without reading anything: static-ipam allocates nothing, and DEL must succeed even for a
 * config that would no longer pass ADD (SPEC §2 DEL: "complete a DEL action without error to the fullest extent").
 */
export async function delStatic(_args: CmdArgs): Promise<void> {
  // Nothing to release.
}
