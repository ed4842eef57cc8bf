import { formatCidr, formatIp, parseIp, type Cidr } from '@plexus/ip';
import { blockFull, type HostBlock } from '@plexus/multi-nic';
import type { BlockFile, BlockStore } from './block-store';
import { pickNextAddress } from './next-fit';

/** One master of an attachment with its blocks on this host. */
export interface MasterBlock {
  master: string;
  blocks: HostBlock;
}

/** An address handed out: `address` carries the interface-block prefix ("192.168.1.5/18"). */
export interface AllocatedAddress {
  master: string;
  address: string;
  /** True when the attachment already held it (a repeated ADD). */
  existing: boolean;
}

/** What allocation needs besides the blocks. */
export interface AllocateInput {
  containerId: string;
  ifName: string;
  masters: readonly MasterBlock[];
  excludes: readonly Cidr[];
  reserved: readonly bigint[];
}

/**
 * allocateAddresses gives an attachment one address per master, all or nothing: under the network lock it reads the
 * blocks, reuses what (containerId, ifName) already holds (ADD is idempotent), picks next-fit addresses for the rest
 * and only then writes the changed block files. A full block fails the whole call before anything is written.
 */
export async function allocateAddresses(store: BlockStore, input: AllocateInput): Promise<AllocatedAddress[]> {
  await warmUp(store, input);
  return store.withLock(async () => {
    const dirty: BlockFile[] = [];
    const out: AllocatedAddress[] = [];
    // Reads and writes of the blocks run side by side: each file-system call is a trip through libuv, and under CPU
    // pressure every trip waits for the scheduler while all other ADDs wait for the lock.
    const files = await Promise.all(input.masters.map((m) => store.load(formatCidr(m.blocks.hostBlock), formatCidr(m.blocks.interfaceBlock))));
    for (const [i, m] of input.masters.entries()) {
      const block = formatCidr(m.blocks.hostBlock);
      const file = files[i]!;
      const held = Object.entries(file.state.allocations).find(([, a]) => a.containerId === input.containerId && a.ifName === input.ifName);
      if (held) {
        out.push({ master: m.master, address: withPrefix(held[0], m.blocks.interfaceBlock), existing: true });
        continue;
      }
      const value = pickNextAddress(m.blocks.hostBlock, {
        taken: file.taken,
        reserved: input.reserved,
        excludes: input.excludes,
        lastReserved: file.state.lastReserved === undefined ? undefined : parseIp(file.state.lastReserved)?.value,
      });
      if (value === undefined) throw blockFull(block, m.master);
      const ip = formatIp(m.blocks.hostBlock.family, value);
      file.taken.add(value);
      file.state.allocations[ip] = { containerId: input.containerId, ifName: input.ifName, master: m.master };
      file.state.lastReserved = ip;
      dirty.push(file);
      out.push({ master: m.master, address: withPrefix(ip, m.blocks.interfaceBlock), existing: false });
    }
    await Promise.all(dirty.map((file) => store.save(file)));
    return out;
  });
}

function withPrefix(ip: string, interfaceBlock: Cidr): string {
  return `${ip}/${interfaceBlock.prefix}`;
}

/**
 * warmUp reads and parses the blocks once before the lock is taken, so the code that runs under the lock is already
 * compiled and the files are in the page cache. A fresh Node process runs everything cold, and with hundreds of ADDs
 * queued on one lock the time each holder spends in it is what they all wait for. Problems are left for the locked
 * pass to report.
 */
async function warmUp(store: BlockStore, input: AllocateInput): Promise<void> {
  for (const m of input.masters) {
    try {
      const file = await store.load(formatCidr(m.blocks.hostBlock), formatCidr(m.blocks.interfaceBlock));
      pickNextAddress(m.blocks.hostBlock, { taken: file.taken, reserved: input.reserved, excludes: input.excludes });
    } catch {
      // Reported by the locked pass.
    }
  }
}
