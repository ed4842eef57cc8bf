import type { CmdArgs } from '@plexus/skel';
import { ipamTypeOf } from './config';
import type { IpvlanDeps } from './deps';

/**
 * gcIpvlan handles GC: ipvlan keeps no state of its own (a link dies with its pod netns), but the spec says GC
 * MUST be forwarded to delegates, so the IPAM plugin can free allocations of attachments that no longer exist.
 */
export async function gcIpvlan(args: CmdArgs, deps: IpvlanDeps): Promise<void> {
  const ipamType = ipamTypeOf(args.conf);
  if (ipamType === undefined) return;
  await deps.delegator.run({ type: ipamType, command: 'GC', stdin: args.stdin, env: args.env, onStderr: args.writeStderr });
}
