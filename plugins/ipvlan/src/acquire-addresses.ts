import { invalidConfig, type Result } from '@plexus/cni-spec';
import type { Delegator } from '@plexus/invoke';
import type { CmdArgs } from '@plexus/skel';
import type { AddressSource } from './address-source';
import type { UndoStack } from '@plexus/undo';

/**
 * acquireAddresses returns the IPs, routes and DNS for the interface. From IPAM it runs the delegate's ADD with
 * this invocation's exact stdin and env (the CNI convention) and at once pushes the matching IPAM DEL, so any
 * later failure releases the allocation. An IPAM answer without IPs is code 7 naming `ipam` (after the release
 * step is pushed: the delegate may still have reserved something).
 */
export async function acquireAddresses(source: AddressSource, args: CmdArgs, delegator: Delegator, undo: UndoStack): Promise<Result> {
  if (source.kind === 'prevResult') return structuredClone(source.result);
  const request = { type: source.type, stdin: args.stdin, env: args.env, onStderr: args.writeStderr };
  const result = await delegator.add(request);
  undo.push(`IPAM DEL (${source.type})`, () => delegator.run({ ...request, command: 'DEL' }));
  if (!result.ips?.length) throw invalidConfig('ipam', `IPAM plugin "${source.type}" returned no IP addresses`);
  return result;
}
