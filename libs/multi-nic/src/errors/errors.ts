import { CniCode, CniError, isCniError } from '@plexus/cni-spec';

/** multi-nic-ipam's own error codes (the spec leaves 100 and up to plugins). */
export const MultiNicIpamCode = {
  /** A host block has no free address left for a requested master. */
  BlockFull: 100,
  /** Every host index the layout allows is claimed by another node. */
  HostIndexExhausted: 101,
  /** A store file (block state, host-index cache, L3 state) cannot be read back; it is never reset silently. */
  CorruptStore: 102,
  /** CHECK: an address of prevResult is not held for this attachment. */
  AddressNotHeld: 103,
  /** L3 mode: the routing table or rule could not be programmed. */
  RouteSyncFailed: 104,
  /** The index this host uses (fixed or cached) is claimed by another node in Kubernetes. */
  HostIndexConflict: 105,
} as const;

/** blockFull reports a host block without a free address. */
export function blockFull(block: string, master: string): CniError {
  return new CniError(
    MultiNicIpamCode.BlockFull,
    'no free address',
    `host block ${block} of master "${master}" is full; release addresses (DEL/GC) or give the network a wider hostBlock`,
  );
}

/** corruptStore reports a store file that does not hold what this plugin wrote; it names the file. */
export function corruptStore(path: string, problem: string): CniError {
  return new CniError(
    MultiNicIpamCode.CorruptStore,
    'corrupt store file',
    `"${path}": ${problem}; it was left untouched (repair or remove it by hand)`,
  );
}

/** storeIo runs one store file operation, turning a file-system failure into code 5 (I/O failure) naming the file. */
export async function storeIo<T>(path: string, what: 'read' | 'write', op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    if (isCniError(e)) throw e;
    throw new CniError(CniCode.IoFailure, `failed to ${what} store file`, `"${path}": ${(e as Error).message}`);
  }
}
