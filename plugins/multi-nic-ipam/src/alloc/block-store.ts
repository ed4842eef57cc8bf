import { isCniError, type CniError } from '@plexus/cni-spec';
import type { FileStore } from '@plexus/store';
import { join } from 'node:path';
import { LOCK_TIMEOUT_MS, MultiNicIpamCode, storeIo } from '@plexus/multi-nic';
import { emptyBlockState, parseBlockState, serializeBlockState, type BlockState } from './block-state';

/** A block file that cannot be read back (CorruptStore): its error, and its raw text to look for an attachment in. */
export interface UnreadableBlock {
  path: string;
  text: string;
  error: CniError;
}

/** Every block file of a network: those read back, and the corrupt ones. */
export interface BlockListing {
  files: BlockFile[];
  unreadable: UnreadableBlock[];
}

/** A block state with the file it lives in and its allocated addresses as numbers. */
export interface BlockFile {
  path: string;
  state: BlockState;
  taken: Set<bigint>;
}

const BLOCK_FILE = /^block-.+\.json$/;
/** The atomic-write temp of a block file (`.block-….json.tmp-<writer>`), see FileStore.writeAtomic. */
const BLOCK_TEMP = /^\.block-.+\.json\.tmp-/;

/**
 * BlockStore keeps a network's host-block files in `<dataDir>/<network>/`, one JSON file per block, each replaced
 * atomically. Callers change them only inside `withLock`, one lock per network, so allocations of different
 * networks never wait for each other. A kill -9 between two file writes of one ADD leaves each file valid; the
 * repeated ADD or the DEL the runtime sends after a failed ADD completes or undoes the attachment.
 */
export class BlockStore {
  constructor(
    private readonly files: FileStore,
    /** `<dataDir>/<network>`. */
    readonly dir: string,
    /** The invocation's signal (CmdArgs.signal): a caller that gave up ends the lock wait before anything changes. */
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * withLock runs `fn` holding the network's allocation lock (taken over from a killed holder by FileStore). Waiting
   * is allowed for up to a minute: a node starting a burst of pods queues hundreds of ADDs on one lock, and waiting
   * beats failing them with "try again" (kubelet's runtime request timeout is two minutes).
   */
  withLock<T>(fn: () => Promise<T>): Promise<T> {
    return this.files.withLock(join(this.dir, 'lock'), fn, { timeoutMs: LOCK_TIMEOUT_MS, signal: this.signal });
  }

  /** pathOf names a block's file: `block-192.168.1.0-24.json`. */
  pathOf(block: string): string {
    return join(this.dir, `block-${block.replace('/', '-')}.json`);
  }

  /** load reads a block's state, or a fresh one when the file does not exist yet. */
  async load(block: string, interfaceBlock: string): Promise<BlockFile> {
    const path = this.pathOf(block);
    const text = await storeIo(path, 'read', () => this.files.read(path));
    if (text === undefined) return { path, state: emptyBlockState(block, interfaceBlock), taken: new Set<bigint>() };
    return { path, ...parseBlockState(text, path) };
  }

  /**
   * list reads every block file of the network (DEL, GC and CHECK look at all of them). A corrupt file does not stop
   * the others from being read: it is returned in `unreadable` (still untouched), so that one bad block cannot
   * block the DEL and GC of every pod of the network; the caller decides what it means for its attachment. I/O
   * failures (code 5) still throw.
   */
  async list(): Promise<BlockListing> {
    const names = (await storeIo(this.dir, 'read', () => this.files.list(this.dir))).filter((n) => BLOCK_FILE.test(n));
    const out: BlockListing = { files: [], unreadable: [] };
    for (const name of names) {
      const path = join(this.dir, name);
      const text = await storeIo(path, 'read', () => this.files.read(path));
      if (text === undefined) continue;
      try {
        out.files.push({ path, ...parseBlockState(text, path) });
      } catch (e) {
        if (!isCniError(e) || e.code !== MultiNicIpamCode.CorruptStore) throw e;
        out.unreadable.push({ path, text, error: e });
      }
    }
    return out;
  }

  /**
   * hasAllocationState tells whether a DEL has anything to do: a block file, or what an ADD killed before its first
   * block file landed leaves behind (its `lock`, a block file's temp). A DEL of a never-used network does nothing;
   * one after such a kill takes the lock over, which sweeps the leftovers and removes the lock when done.
   */
  async hasAllocationState(): Promise<boolean> {
    return (await storeIo(this.dir, 'read', () => this.files.list(this.dir))).some((n) => BLOCK_FILE.test(n) || n === 'lock' || BLOCK_TEMP.test(n));
  }

  /** save replaces a block file atomically. */
  async save(file: BlockFile): Promise<void> {
    await storeIo(file.path, 'write', () => this.files.writeAtomic(file.path, serializeBlockState(file.state)));
  }
}
