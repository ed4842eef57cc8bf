import { CniCode } from '@plexus/cni-spec';
import { dispatcherError } from '../errors/dispatcher-errors';
import type { Invocation } from '../invocation/invocation';
import type { AttachmentPlan, DanmReservation } from '../plan/attachment-plan';
import type { NetworkRequest } from '../plan/network-request';

/**
 * reserveDanm allocates a DANM attachment's addresses in its network object (owner = container + interface, so a
 * repeat returns the same addresses and DEL frees by owner) and renders the attachment's delegate config with them.
 */
export async function reserveDanm(inv: Invocation, plan: AttachmentPlan, res: DanmReservation, request: NetworkRequest): Promise<void> {
  const kube = inv.kube();
  if (!kube) {
    throw dispatcherError(CniCode.InvalidConfig, 'invalid kubeconfig', { pod: inv.pod, network: request.statusName }, 'a DANM network needs the Kubernetes API to reserve addresses, and none is configured');
  }
  res.addresses = await inv.deps.danm.allocate(kube, res.network, { ip: res.ip, ip6: res.ip6 }, res.owner, { pod: inv.pod });
  res.state = 'reserved';
  const att = plan.attachments[res.attachment]!;
  att.config = JSON.stringify(inv.deps.danm.render(request, res.addresses));
  inv.log.info('reserved DANM addresses', { network: request.statusName, ifName: att.ifName, addresses: res.addresses });
}
