import { CniError } from '@plexus/cni-spec';
import { describeSubject, type ErrorSubject } from './dispatcher-errors';

/**
 * The core's plugin-specific error codes (the spec leaves 100 and up to plugins; 110–129 belong to the network
 * sources, see sources/errors.ts).
 */
export const CoreCode = {
  /** A delegate did not honour what the pod asked for (`ips`, `mac`): the attachment was rolled back. */
  RequestNotHonoured: 100,
  /** An interface name is already taken in the pod, or twice in the plan. */
  InterfaceNameTaken: 101,
  /** A checkpoint exists but cannot be read: DEL/CHECK refuse to guess. */
  CheckpointUnreadable: 102,
  /** The host has too few NICs in its pool for a multi-NIC network. */
  NicPoolTooSmall: 103,
} as const;

/**
 * coreError builds a CniError whose message names the pod, the network and the field:
 * `msg` = `invalid <field>` (or another short text), `details` = `pod "ns/name", network "x": <problem>`.
 */
export function coreError(code: number, msg: string, s: ErrorSubject, problem: string): CniError {
  const who = describeSubject(s);
  return new CniError(code, msg, who ? `${who}: ${problem}` : problem);
}
