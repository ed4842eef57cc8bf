import type { NetworkRequest, PodIdentity } from '../../plan/network-request';
import { buildMultusRequest } from '../multus/build-multus-request';
import type { ResolveContext } from '../resolve-context';

/**
 * inlineDelegateTask turns Multus' `delegates[i]` (parsed with the config) into a request. As in Multus, entry 0 is
 * the cluster network — it gets CNI_IFNAME and the runtime's runtimeConfig — and the others are attached to every
 * pod, named `net<index>`. Its network-status name is the conf's `name`, as Multus writes for a file-based net.
 */
export function inlineDelegateTask(ctx: ResolveContext, index: number, pod: PodIdentity | undefined): () => Promise<NetworkRequest> {
  const confList = ctx.config.delegates[index]!;
  const isPrimary = index === 0;
  return () =>
    Promise.resolve(
      buildMultusRequest({
        confList,
        source: isPrimary ? 'cluster-network' : 'default-network',
        statusName: confList.name,
        isPrimary,
        runtimeConfig: isPrimary ? ctx.runtimeConfig : undefined,
        pod,
      }),
    );
}
