import { containsIp, parseCidr, parseIp } from '@plexus/ip';
import { isJsonObject } from '@plexus/json-fields';
import { corruptStore, parseStoreJson, serializeStoreJson } from '@plexus/multi-nic';
import { parseIpKey } from './ip-key';

/** Who holds an address: the attachment (container ID + CNI_IFNAME) and the master it was asked for. */
export interface Allocation {
  containerId: string;
  ifName: string;
  master: string;
}

/**
 * The state of one host block, one JSON file per block. Addresses are keys (canonical text); `lastReserved` is the
 * next-fit cursor, so an address just released is not handed out again at once (contiv/vpp#573).
 */
export interface BlockState {
  version: 1;
  /** The host block `/P+m+n`. */
  block: string;
  /** The interface block `/P+m`: the prefix addresses are returned with. */
  interfaceBlock: string;
  lastReserved?: string;
  allocations: Record<string, Allocation>;
}

/** emptyBlockState is the state of a block nothing was allocated from yet. */
export function emptyBlockState(block: string, interfaceBlock: string): BlockState {
  return { version: 1, block, interfaceBlock, allocations: {} };
}

/** serializeBlockState renders the file content (stable key order, newline-terminated, readable by hand). */
export function serializeBlockState(state: BlockState): string {
  return serializeStoreJson(state);
}

/** A block state as read back, with the allocated addresses as numbers (what next-fit steps over). */
export interface ParsedBlockState {
  state: BlockState;
  taken: Set<bigint>;
}

/**
 * parseBlockState reads a block file back, checking every field: a file this plugin did not write (truncated,
 * edited, from another version) is a CorruptStore error naming it, never treated as empty.
 */
export function parseBlockState(text: string, path: string): ParsedBlockState {
  const raw = parseStoreJson(text, path);
  if (!isJsonObject(raw)) throw corruptStore(path, 'not a JSON object');
  if (raw.version !== 1) throw corruptStore(path, `unknown version ${JSON.stringify(raw.version)}`);
  const block = typeof raw.block === 'string' ? parseCidr(raw.block) : undefined;
  if (!block) throw corruptStore(path, '"block" is not a CIDR');
  if (typeof raw.interfaceBlock !== 'string' || !parseCidr(raw.interfaceBlock)) throw corruptStore(path, '"interfaceBlock" is not a CIDR');
  if (raw.lastReserved !== undefined && (typeof raw.lastReserved !== 'string' || !parseIp(raw.lastReserved))) {
    throw corruptStore(path, '"lastReserved" is not an address');
  }
  if (!isJsonObject(raw.allocations)) throw corruptStore(path, '"allocations" is not an object');
  const taken = new Set<bigint>();
  for (const [ip, a] of Object.entries(raw.allocations)) {
    const parsed = parseIpKey(ip);
    if (!parsed || !containsIp(block, parsed)) throw corruptStore(path, `allocation key "${ip}" is not an address of ${raw.block}`);
    taken.add(parsed.value);
    if (!isJsonObject(a) || typeof a.containerId !== 'string' || typeof a.ifName !== 'string' || typeof a.master !== 'string') {
      throw corruptStore(path, `allocation "${ip}" needs string containerId, ifName and master`);
    }
  }
  return { state: raw as unknown as BlockState, taken };
}
