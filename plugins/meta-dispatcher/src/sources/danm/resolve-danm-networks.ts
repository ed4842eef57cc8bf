import type { NetworkRequest, PodIdentity } from '../../plan/network-request';
import type { ResolveContext } from '../resolve-context';
import { settleInOrder } from '../settle-in-order';
import { buildDanmRequest } from './build-danm-request';
import { findDefaultNetwork } from './find-default-network';
import { loadDanmNetwork } from './load-danm-network';
import { parseDanmInterfaces } from './parse-danm-interfaces';

/**
 * resolveDanmInterfaces resolves `danm.io/interfaces` in annotation order (entry 0 is the primary). The whole
 * annotation is validated before any API call; the network objects are then read concurrently. An empty list
 * means "nothing asked": the default network.
 */
export async function resolveDanmInterfaces(ctx: ResolveContext, value: string, pod: PodIdentity): Promise<NetworkRequest[]> {
  const entries = parseDanmInterfaces(value, pod);
  if (!entries.length) return [await resolveDanmDefault(ctx, pod)];
  return settleInOrder(
    entries.map((entry, seq) => async () => buildDanmRequest(ctx, await loadDanmNetwork(ctx, entry.network, pod, entry.field), entry, seq, pod)),
  );
}

/**
 * resolveDanmDefault gives a pod that asks for nothing its default network as the primary, asking for a dynamic
 * address of each family the network has a pool of (DANM asks `ip: dynamic`).
 */
export async function resolveDanmDefault(ctx: ResolveContext, pod: PodIdentity): Promise<NetworkRequest> {
  const network = await findDefaultNetwork(ctx, pod);
  return buildDanmRequest(ctx, network, { ip: network.v4 ? 'dynamic' : 'none', ip6: network.v6 ? 'dynamic' : 'none', proutes: [], field: 'danm.defaultNetwork' }, 0, pod);
}
