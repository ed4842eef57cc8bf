import type { Checkpoint } from '../checkpoint/checkpoint';
import type { Invocation } from '../invocation/invocation';
import type { NetworkRequest } from '../plan/network-request';
import { reserveDanm } from './reserve-danm';
import { reserveMultiNic } from './reserve-multi-nic';

/**
 * runReservations carries out every reservation in plan order, rewriting the checkpoint after each so it always
 * holds the rendered configs of what may run next. A failure propagates; the caller rolls back (releases are
 * idempotent, so reservations that never happened are harmless to undo).
 */
export async function runReservations(inv: Invocation, cp: Checkpoint, requests: ReadonlyMap<string, NetworkRequest>): Promise<void> {
  for (const res of cp.reservations) {
    const request = requests.get(res.id)!;
    if (res.kind === 'danm') await reserveDanm(inv, cp, res, request);
    else await reserveMultiNic(inv, cp, res, request);
    await inv.store.write(cp);
  }
}
