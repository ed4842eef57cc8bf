import { CniCode, CniError } from '@plexus/cni-spec';
import type { Logger } from '@plexus/log';
import { batchIndexOf, describeOp, NetlinkError, type NetnsScope } from '@plexus/netlink';
import { kernelError } from './errors';
import { buildInterfaceOps, type InterfacePlan } from './interface-commands';

/**
 * configureInterface applies a plan inside the pod netns in one `ip -batch` run: rename, addresses, up and routes
 * (see buildInterfaceOps).
 *
 * A route that already exists (EEXIST) is skipped with a warning, as the reference does ("the first one wins"),
 * e.g. a default route the pod got from another interface. Renaming onto an existing name is code 4 naming
 * CNI_IFNAME. Everything else is a kernel error (101).
 */
export async function configureInterface(pod: NetnsScope, plan: InterfacePlan, log: Logger): Promise<void> {
  const { ops, renameIndex, firstRouteIndex } = buildInterfaceOps(plan);
  let offset = 0;
  while (offset < ops.length) {
    try {
      await pod.batch(ops.slice(offset));
      return;
    } catch (e) {
      const rel = batchIndexOf(e);
      const index = rel === undefined ? undefined : offset + rel;
      if (index !== undefined && index >= firstRouteIndex && e instanceof NetlinkError && e.kind === 'exists') {
        log.warn('route already exists; keeping the existing one', { command: describeOp(ops[index]!) });
        offset = index + 1;
        continue;
      }
      if (index === renameIndex && e instanceof NetlinkError && e.kind === 'exists') {
        throw new CniError(CniCode.InvalidEnvironment, 'invalid CNI_IFNAME', `interface "${plan.ifName}" already exists in netns "${pod.path}"`);
      }
      throw kernelError(e, `configure interface "${plan.ifName}"`);
    }
  }
}
