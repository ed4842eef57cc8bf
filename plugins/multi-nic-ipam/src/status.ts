import type { CmdArgs } from '@plexus/skel';
import { parseMultiNicConfig } from '@plexus/multi-nic';

/**
 * createStatus builds the STATUS handler: the configuration must be valid. Free addresses are not checked: they
 * depend on the host index, which STATUS must not claim.
 */
export function createStatus(): (args: CmdArgs) => Promise<void> {
  return async (args) => {
    parseMultiNicConfig(args.conf);
  };
}
