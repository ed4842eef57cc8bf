import type { Result } from '@plexus/cni-spec';
import { buildIpamResult } from '@plexus/ipam-config';
import type { CmdArgs } from '@plexus/skel';
import { loadStaticIpamConfig } from './config';

/** addStatic answers ADD with the configured addresses, routes and DNS; nothing is allocated or stored. */
export async function addStatic(args: CmdArgs): Promise<Result> {
  return buildIpamResult(loadStaticIpamConfig(args.conf, args.args));
}
