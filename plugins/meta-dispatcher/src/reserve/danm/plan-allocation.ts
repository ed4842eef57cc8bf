import { broadcastOf, containsIp, formatIp, parseCidr, parseIp } from '@plexus/ip';
import type { DanmIpRequest } from '../../plan/network-request';
import { invalidRequest, DispatcherCode, dispatcherError, type ErrorSubject } from '../../errors/dispatcher-errors';
import type { DanmNetwork, DanmOwner, DanmPool } from '../../plan/danm-network';
import { sameOwner, type AllocationState } from './allocation-state';
import { pickNextFree } from './pick-next-free';

/** What the pod asks of a DANM network for each family. */
export interface DanmIpPair {
  ip: DanmIpRequest;
  ip6: DanmIpRequest;
}

/** The outcome of planning: the addresses (CIDR with the network's prefix, IPv4 first) and the new record. */
export interface AllocationPlan {
  addresses: string[];
  state: AllocationState;
  /** False when the owner already held exactly this (a repeated ADD): nothing to write. */
  changed: boolean;
}

/**
 * planAllocation decides the addresses for one owner (pure). Per family: `none` takes nothing; an address the
 * owner already holds is reused for `dynamic` or the same literal (idempotent repeat); `dynamic` takes the next
 * free pool address (next-fit); a literal must be inside the network, not its network/broadcast/gateway address,
 * and free (else 115). A literal different from what the owner holds replaces it. A full pool is 114.
 */
export function planAllocation(net: DanmNetwork, state: AllocationState, request: DanmIpPair, owner: DanmOwner, s: ErrorSubject): AllocationPlan {
  const allocations = new Map(state.allocations);
  const cursors = { ...state.cursors };
  const addresses: string[] = [];
  let changed = false;
  for (const [family, want, field] of [[4, request.ip, 'ip'], [6, request.ip6, 'ip6']] as const) {
    if (want === 'none') continue;
    const pool = family === 4 ? net.v4 : net.v6;
    if (!pool) throw invalidRequest(s, field, `asks for an IPv${family} address but the network has no ${family === 4 ? 'spec.cidr' : 'spec.cidr6'}`);
    const held = [...allocations.entries()].find(([ip, o]) => sameOwner(o, owner) && parseIp(ip)?.family === family)?.[0];
    const reserved = reservedOf(net, pool);
    let ip: string;
    if (want === 'dynamic') {
      if (held) ip = held;
      else {
        ip = pickDynamic(pool, allocations, reserved, cursors[family], s);
        cursors[family] = ip;
      }
    } else {
      ip = checkStatic(want, pool, allocations, reserved, owner, field, s);
      if (held && held !== ip) {
        allocations.delete(held);
        changed = true;
      }
    }
    if (!allocations.has(ip)) {
      allocations.set(ip, { ...owner });
      changed = true;
    }
    addresses.push(`${ip}/${parseCidr(pool.cidr)!.prefix}`);
  }
  return { addresses, state: { allocations, cursors }, changed };
}

/** planRelease drops every address of an owner (pure); `changed` is false when it held none. */
export function planRelease(state: AllocationState, owner: DanmOwner): { released: string[]; state: AllocationState; changed: boolean } {
  const allocations = new Map(state.allocations);
  const released = [...allocations.entries()].filter(([, o]) => sameOwner(o, owner)).map(([ip]) => ip);
  for (const ip of released) allocations.delete(ip);
  return { released, state: { allocations, cursors: { ...state.cursors } }, changed: released.length > 0 };
}

/** reservedOf lists the addresses of a pool's network never handed out: network, IPv4 broadcast, gateways. */
function reservedOf(net: DanmNetwork, pool: DanmPool): Set<string> {
  const cidr = parseCidr(pool.cidr)!;
  const out = new Set<string>([formatIp(pool.family, cidr.value)]);
  if (pool.family === 4) out.add(formatIp(4, broadcastOf(cidr)));
  for (const gw of net.gateways) if (parseIp(gw)?.family === pool.family) out.add(gw);
  return out;
}

function pickDynamic(pool: DanmPool, allocations: Map<string, DanmOwner>, reserved: Set<string>, cursor: string | undefined, s: ErrorSubject): string {
  const start = parseIp(pool.start)!.value;
  const end = parseIp(pool.end)!.value;
  const taken = (v: bigint): boolean => {
    const text = formatIp(pool.family, v);
    return allocations.has(text) || reserved.has(text);
  };
  const picked = pickNextFree(start, end, cursor ? parseIp(cursor)?.value : undefined, taken, allocations.size + reserved.size);
  if (picked === undefined) {
    throw dispatcherError(DispatcherCode.PoolExhausted, 'no free address', s, `the IPv${pool.family} allocation pool ${pool.start}–${pool.end} of ${pool.cidr} is full`);
  }
  return formatIp(pool.family, picked);
}

function checkStatic(want: string, pool: DanmPool, allocations: Map<string, DanmOwner>, reserved: Set<string>, owner: DanmOwner, field: string, s: ErrorSubject): string {
  const ip = parseIp(want);
  if (!ip || ip.family !== pool.family) throw invalidRequest(s, field, `"${want}" is not an IPv${pool.family} address`);
  const text = formatIp(ip.family, ip.value);
  if (!containsIp(parseCidr(pool.cidr)!, ip)) throw invalidRequest(s, field, `${text} is outside the network ${pool.cidr}`);
  if (reserved.has(text)) throw invalidRequest(s, field, `${text} is the network, broadcast or a gateway address of ${pool.cidr}`);
  const holder = allocations.get(text);
  if (holder && !sameOwner(holder, owner)) {
    throw dispatcherError(DispatcherCode.AddressInUse, 'address already in use', s, `${text} is held by container ${holder.containerId} (${holder.ifName})`);
  }
  return text;
}
