import { broadcastOf, formatIp, parseCidr, parseIp, type Family } from '@plexus/ip';
import { FieldProblem, isJsonObject, jsonTypeOf } from '@plexus/json-fields';
import type { DanmPool } from '../../plan/danm-network';
import { checkKnownFields, readAddress, readNetworkCidr } from './read-danm-fields';

const POOL_KEYS = ['start', 'end', 'lastIp'] as const;

/**
 * parseDanmPool reads one family's network (`cidr` / `cidr6`) and its `allocationPool` / `allocationPool6`
 * `{start, end, lastIp?}` (lastIp is the allocator's next-fit cursor). Defaults: start = network+1, end =
 * broadcast−1 for IPv4 and the last address for IPv6. The pool must lie inside the network and exclude the network
 * (and IPv4 broadcast) address. Undefined when the network has no `cidr` of that family.
 */
export function parseDanmPool(rawCidr: unknown, rawPool: unknown, family: Family, cidrField: string, poolField: string): DanmPool | undefined {
  if (rawCidr === undefined || rawCidr === null || rawCidr === '') {
    if (rawPool !== undefined && rawPool !== null) throw new FieldProblem(poolField, `is set but ${cidrField} is not`);
    return undefined;
  }
  const cidr = readNetworkCidr(rawCidr, cidrField, family);
  const net = parseCidr(cidr)!;
  const first = net.value + 1n;
  const last = family === 4 ? broadcastOf(net) - 1n : broadcastOf(net);
  let start = first;
  let end = last;
  if (rawPool !== undefined && rawPool !== null) {
    if (!isJsonObject(rawPool)) throw new FieldProblem(poolField, `must be an object {start, end}, got ${jsonTypeOf(rawPool)}`);
    checkKnownFields(rawPool, poolField, POOL_KEYS);
    if (rawPool.start !== undefined) start = inPool(rawPool.start, `${poolField}.start`, family, first, last, cidr);
    if (rawPool.end !== undefined) end = inPool(rawPool.end, `${poolField}.end`, family, first, last, cidr);
    if (rawPool.lastIp !== undefined && rawPool.lastIp !== '') readAddress(rawPool.lastIp, `${poolField}.lastIp`, family);
  }
  if (start > end) throw new FieldProblem(poolField, `holds no address (start ${formatIp(family, start)} is after end ${formatIp(family, end)}; network ${cidr})`);
  return { family, cidr, start: formatIp(family, start), end: formatIp(family, end) };
}

function inPool(v: unknown, field: string, family: Family, first: bigint, last: bigint, cidr: string): bigint {
  const ip = parseIp(readAddress(v, field, family))!;
  if (ip.value < first || ip.value > last) {
    throw new FieldProblem(field, `${formatIp(family, ip.value)} is not a usable address of ${cidr} (${formatIp(family, first)}–${formatIp(family, last)})`);
  }
  return ip.value;
}
