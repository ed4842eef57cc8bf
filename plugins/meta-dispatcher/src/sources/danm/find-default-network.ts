import { isCniError } from '@plexus/cni-spec';
import type { DanmNetworkRef, PodIdentity } from '../../plan/network-request';
import { networkNotFound, DispatcherCode } from '../../errors/dispatcher-errors';
import type { ResolveContext } from '../resolve-context';
import type { DanmNetwork } from '../../plan/danm-network';
import { loadDanmNetwork } from './load-danm-network';

/**
 * findDefaultNetwork finds the network of a pod that asks for none (DANM's GetDefaultNetwork): the DanmNet named
 * `danm.defaultNetwork` in the pod's namespace, else the TenantNetwork of that name there, else the ClusterNetwork
 * of that name. None of them is code 110 naming the pod.
 */
export async function findDefaultNetwork(ctx: ResolveContext, pod: PodIdentity): Promise<DanmNetwork> {
  const name = ctx.config.danm.defaultNetwork;
  const refs: DanmNetworkRef[] = [
    { kind: 'DanmNet', namespace: pod.namespace, name },
    { kind: 'TenantNetwork', namespace: pod.namespace, name },
    { kind: 'ClusterNetwork', name },
  ];
  for (const ref of refs) {
    try {
      return await loadDanmNetwork(ctx, ref, pod, 'danm.defaultNetwork');
    } catch (e) {
      if (!(isCniError(e) && e.code === DispatcherCode.NetworkNotFound) || !ctx.deps.kube) throw e;
    }
  }
  throw networkNotFound(
    { pod, network: name },
    'danm.defaultNetwork',
    `the pod asks for no network and there is no DanmNet or TenantNetwork "${name}" in namespace "${pod.namespace}" and no ClusterNetwork "${name}"`,
  );
}
