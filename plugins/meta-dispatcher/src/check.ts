import { CniCode } from '@plexus/cni-spec';
import { checkNetworkList, listVersionAtLeast, parseNetworkConfig } from '@plexus/conflist';
import type { CmdArgs } from '@plexus/skel';
import { dispatcherError } from './errors/dispatcher-errors';
import type { DispatcherDeps } from './invocation/dispatcher-deps';
import { openInvocation } from './invocation/invocation';
import { attachmentFailure } from './execute/describe-failure';
import { runtimeOf } from './execute/runtime-of';

/**
 * createCheck builds the CHECK handler: every attachment of the checkpoint — not only the ones in the dispatcher's
 * own config, as Multus does — gets CHECK with its exact config and its final ADD result as prevResult. A
 * conflist older than 0.4.0 cannot CHECK and is skipped (logged). No checkpoint, or one of an ADD that never
 * completed, is code 3: there is no attachment to check.
 */
export function createCheck(deps: DispatcherDeps): (args: CmdArgs) => Promise<void> {
  return async (args) => {
    const inv = openInvocation(args, deps);
    const cp = await inv.store.read(args.containerId);
    if (!cp || cp.phase !== 'added') {
      const why = cp ? 'its ADD never completed' : `there is no checkpoint ${inv.store.pathFor(args.containerId)}`;
      throw dispatcherError(CniCode.UnknownContainer, 'unknown container', { pod: inv.pod }, `cannot CHECK sandbox ${args.containerId}: ${why}`);
    }
    for (const att of cp.attachments) {
      try {
        const list = parseNetworkConfig(att.config!);
        if (!listVersionAtLeast(list.cniVersion, '0.4.0')) {
          inv.log.info('skipped CHECK: conflist version has no CHECK', { network: att.network, cniVersion: list.cniVersion });
          continue;
        }
        await checkNetworkList(inv.chain, list, runtimeOf(inv.args, att), { prevResult: att.result });
      } catch (e) {
        throw attachmentFailure(e, 'check', att, cp.pod);
      }
    }
  };
}
