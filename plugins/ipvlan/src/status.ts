import { CniCode, CniError, isCniError } from '@plexus/cni-spec';
import type { CmdArgs } from '@plexus/skel';
import { parseIpvlanConf } from './config';
import type { IpvlanDeps } from './deps';
import { resolveMaster } from './select-master';

/**
 * statusIpvlan handles STATUS: ready when the master resolves (configured, or the default-route interface) in the
 * host netns, else code 50 (cannot serve ADD). With linkInContainer the master lives in pods, so there is nothing
 * to check here. STATUS is then forwarded to the IPAM delegate (whose own error passes through).
 */
export async function statusIpvlan(args: CmdArgs, deps: IpvlanDeps): Promise<void> {
  const conf = parseIpvlanConf(args.conf);
  if (!conf.linkInContainer) {
    try {
      // STATUS has no prevResult and no netns; the pod netns argument is unused outside linkInContainer.
      await resolveMaster({ ...conf, prevResult: undefined }, deps.netlink, '');
    } catch (e) {
      const why = isCniError(e) ? (e.details ?? e.msg) : String(e);
      throw new CniError(CniCode.PluginNotAvailable, 'master interface not available', why);
    }
  }
  if (conf.ipamType !== undefined) {
    await deps.delegator.run({ type: conf.ipamType, command: 'STATUS', stdin: args.stdin, env: args.env, onStderr: args.writeStderr });
  }
}
