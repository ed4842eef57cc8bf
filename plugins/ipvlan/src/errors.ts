import { CniCode, CniError, isCniError } from '@plexus/cni-spec';
import { LinkNotFoundError, NetlinkError, netnsCniError } from '@plexus/netlink';

/** ipvlan's own error codes (the spec leaves 100 and up to plugins). */
export const IpvlanCode = {
  /** The kernel cannot create ipvlan links (no ipvlan module, or the master cannot carry one). */
  KernelUnsupported: 100,
  /** A kernel operation failed while creating or configuring the interface; details carry iproute2's words. */
  SetupFailed: 101,
  /** CHECK: the interface in the pod differs from what prevResult and the config say. */
  CheckMismatch: 102,
} as const;

/**
 * kernelError wraps a failed kernel operation into a CniError: CniErrors keep their meaning, netns errors are code 4
 * (the lib's netnsCniError), a
 * missing kernel feature is 100 and every other refusal is 101, with `action` saying what was being done.
 */
export function kernelError(e: unknown, action: string): CniError {
  if (isCniError(e)) return e;
  const netns = netnsCniError(e);
  if (netns) return netns;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof NetlinkError && e.kind === 'not-supported') {
    return new CniError(IpvlanCode.KernelUnsupported, 'ipvlan is not supported here', `${action}: ${message}`);
  }
  if (e instanceof NetlinkError || e instanceof LinkNotFoundError) return new CniError(IpvlanCode.SetupFailed, `failed to ${action}`, message);
  return new CniError(CniCode.Internal, `failed to ${action}`, message);
}

/** checkMismatch builds the CHECK failure (code 102) for one differing property. */
export function checkMismatch(what: string, details: string): CniError {
  return new CniError(IpvlanCode.CheckMismatch, `${what} does not match`, details);
}
