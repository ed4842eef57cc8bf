import { isNetnsError, isNotFound } from '@plexus/netlink';
import type { CmdArgs } from '@plexus/skel';
import { ipamTypeOf } from './config';
import type { IpvlanDeps } from './deps';
import { kernelError } from './errors';

/**
 * delIpvlan handles DEL, idempotently: IPAM DEL first (it must run even when the netns is already gone, or the
 * address leaks), then the link in the pod netns. A missing netns, a path that is no netns any more, or a missing
 * link all count as done (kubernetes/kubernetes#43014: DEL may come many times, and after the netns is gone).
 * Unlike the reference, DEL needs no master (it neither looks one up nor fails without a default route) and
 * still deletes the link when IPAM DEL failed; the IPAM error is reported afterwards so the runtime retries.
 */
export async function delIpvlan(args: CmdArgs, deps: IpvlanDeps): Promise<void> {
  const ipamType = ipamTypeOf(args.conf);
  let ipamError: unknown;
  if (ipamType !== undefined) {
    try {
      await deps.delegator.run({ type: ipamType, command: 'DEL', stdin: args.stdin, env: args.env, onStderr: args.writeStderr });
    } catch (e) {
      ipamError = e;
      args.log.warn('IPAM DEL failed; deleting the link anyway', { ipam: ipamType, error: e });
    }
  }
  if (args.netns) {
    try {
      // The pod netns holds only what was made for this pod, so CNI_IFNAME there is this attachment's link.
      await deps.netlink.pod(args.netns).deleteLink(args.ifName);
    } catch (e) {
      if (!isNotFound(e) && !isNetnsError(e)) throw kernelError(e, `delete interface "${args.ifName}"`);
    }
  }
  if (ipamError !== undefined) throw ipamError;
}
