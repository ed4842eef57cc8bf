import type { Result } from '@plexus/cni-spec';
import { buildIpamResult } from '@plexus/ipam-config';
import type { CmdArgs } from '@plexus/skel';
import { loadFakeIpamConfig } from './config';

/** addFake answers ADD with the addresses, routes and DNS in `ipam`, in the config's version; nothing is allocated. */
export async function addFake(args: CmdArgs): Promise<Result> {
  return buildIpamResult(loadFakeIpamConfig(args.conf));
}
