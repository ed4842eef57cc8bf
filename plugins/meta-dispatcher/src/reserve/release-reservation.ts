import { CniCode, CniError } from '@plexus/cni-spec';
import { describeDanmRef } from '../plan/danm-network';
import type { Invocation } from '../invocation/invocation';
import type { DanmReservation } from '../plan/attachment-plan';

/**
 * releaseDanmReservation frees a DANM reservation by owner (the network object says which addresses are its), so
 * it is safe whether or not the reservation happened. Multi-NIC reservations are released by the shared replay in
 * @plexus/checkpoint (a delegated IPAM DEL needs nothing but the checkpoint).
 */
export async function releaseDanmReservation(inv: Invocation, res: DanmReservation): Promise<void> {
  const kube = inv.kube();
  if (!kube) {
    throw new CniError(CniCode.TryAgainLater, 'cannot release DANM addresses', `${describeDanmRef(res.network)}: no Kubernetes API is configured; the checkpoint is kept for a retry`);
  }
  await inv.deps.danm.release(kube, res.network, res.owner, { pod: inv.pod });
}
