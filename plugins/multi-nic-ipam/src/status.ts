import type { CmdArgs } from '@plexus/skel';
import { parseMultiNicConfig } from './config/parse-config';

/**
 * createStatus builds the STATUS handler: the configuration must be valid. Free addresses are not checked: they
 * depend on the host index, which STATUS must not claim.
 */
export function createStatus(): (args: CmdArgs) => Promise<void> {
  return async (args) => {
    parseMultiNicConfig(args.conf);
  };
}
