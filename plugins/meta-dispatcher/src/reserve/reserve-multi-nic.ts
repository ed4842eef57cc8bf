import { isCniError, type Result } from '@plexus/cni-spec';
import { pluginEnv } from '@plexus/conflist';
import { dispatcherError } from '../errors/dispatcher-errors';
import type { Invocation } from '../invocation/invocation';
import { runtimeOf } from '@plexus/checkpoint';
import { renderNicConf } from './multi-nic/render-nic-conf';
import type { AttachmentPlan, MultiNicReservation } from '../plan/attachment-plan';
import type { NetworkRequest } from '../plan/network-request';

/**
 * reserveMultiNic makes the group's one IPAM call (delegated ADD of the network's `ipam` with the chosen masters,
 * CNI_IFNAME = the group's base name) and renders every NIC's delegate config from the answer: the address whose
 * `interface` is the NIC's index in the masters list goes to that NIC through fakeipam.
 */
export async function reserveMultiNic(inv: Invocation, plan: AttachmentPlan, res: MultiNicReservation, request: NetworkRequest): Promise<void> {
  const s = { pod: inv.pod, network: res.network };
  let result: Result;
  try {
    result = await inv.chain.delegator.add({
      type: res.type,
      stdin: res.config,
      env: pluginEnv(inv.chain.baseEnv, 'ADD', runtimeOf(inv.args, res), inv.chain.cniPath),
      timeoutMs: inv.chain.timeoutMs,
      onStderr: inv.chain.writeStderr,
    });
  } catch (e) {
    if (isCniError(e)) throw dispatcherError(e.code, 'failed to reserve multi-NIC addresses (ipam)', s, e.details ? `${e.msg}: ${e.details}` : e.msg);
    throw e;
  }
  res.result = result as unknown as Record<string, unknown>;
  res.state = 'reserved';
  const missing = res.masters.findIndex((_, k) => !(result.ips ?? []).some((ip) => ip.interface === k));
  if (missing >= 0) {
    throw dispatcherError(999, 'invalid ipam result', s, `${res.type} returned no address for NIC ${missing} ("${res.masters[missing]}") of ${JSON.stringify(res.masters)}`);
  }
  for (const i of res.attachments) {
    const att = plan.attachments[i]!;
    att.config = renderNicConf({ confList: request.confList, plugin: request.multiNic!.plugin, master: att.nic!.master, nicIndex: att.nic!.index, ipam: result });
  }
  inv.log.info('reserved multi-NIC addresses', { network: res.network, masters: res.masters, ips: (result.ips ?? []).map((ip) => ip.address) });
}
