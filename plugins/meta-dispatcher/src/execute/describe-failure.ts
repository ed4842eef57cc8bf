import { CniCode, isCniError, type CniError } from '@plexus/cni-spec';
import { dispatcherError } from '../errors/dispatcher-errors';
import type { PodIdentity } from '../plan/network-request';

/**
 * attachmentFailure wraps a delegate's error with who it was for (`pod "ns/p", network "ns/nad"`) and the interface,
 * keeping the delegate's code (Multus: `[ns/pod:net]: error adding container to network …`).
 */
export function attachmentFailure(e: unknown, op: 'add' | 'delete' | 'check' | 'release', target: { network: string; ifName: string }, pod?: PodIdentity): CniError {
  const code = isCniError(e) ? e.code : CniCode.Internal;
  const text = isCniError(e) ? (e.details ? `${e.msg}: ${e.details}` : e.msg) : e instanceof Error ? e.message : String(e);
  return dispatcherError(code, `failed to ${op} interface ${target.ifName}`, { pod, network: target.network }, text);
}
