import { CniCode, CniError } from '@plexus/cni-spec';
import { pluginEnv } from '@plexus/conflist';
import { describeDanmRef } from '../danm/danm-types';
import type { Invocation } from '../core/invocation';
import { runtimeOf, type Sandbox } from '../execute/runtime-of';
import type { Reservation } from '../plan/attachment-plan';

/**
 * releaseReservation undoes one reservation from the checkpoint alone: DANM addresses are freed by owner (the
 * network object says which they are), a multi-NIC group's IPAM gets DEL with the exact config, CNI_IFNAME and
 * CNI_ARGS of its ADD. Both are idempotent, so a reservation that never happened releases nothing.
 */
export async function releaseReservation(inv: Invocation, sandbox: Sandbox, res: Reservation): Promise<void> {
  if (res.kind === 'danm') {
    const kube = inv.kube();
    if (!kube) {
      throw new CniError(CniCode.TryAgainLater, 'cannot release DANM addresses', `${describeDanmRef(res.network)}: no Kubernetes API is configured; the checkpoint is kept for a retry`);
    }
    await inv.deps.sources.danm.release(kube, res.network, res.owner, { pod: inv.pod });
    return;
  }
  await inv.chain.delegator.run({
    type: res.type,
    command: 'DEL',
    stdin: res.config,
    env: pluginEnv(inv.chain.baseEnv, 'DEL', runtimeOf(sandbox, res), inv.chain.cniPath),
    timeoutMs: inv.chain.timeoutMs,
    onStderr: inv.chain.writeStderr,
  });
}
