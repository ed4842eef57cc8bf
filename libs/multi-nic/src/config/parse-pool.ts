import { ifNameProblem, invalidConfig } from '@plexus/cni-spec';
import { formatCidr, overlaps, type Cidr } from '@plexus/ip';
import { readStringList, type JsonObject } from '@plexus/json-fields';
import { interfaceBlockAt, type Layout } from '../layout/layout';
import type { Pool, PoolEntry } from './multi-nic-config';
import { parseNetworkField } from './parse-cidr-field';

/**
 * parsePool reads the host NICs of the pool, in index order: `ipam.masters` (NIC names) or `ipam.masterNets` (NIC
 * subnets, multi-nic-cni's field: each host's NIC is the one with an address inside). Exactly one must be given. Every
 * position needs an interface block of its own, and NIC subnets must not overlap each other or the pod subnet (a
 * host route to one would swallow the other).
 */
export function parsePool(ipam: JsonObject, layout: Layout): Pool {
  const names = readStringList(ipam.masters, 'ipam.masters');
  const nets = readStringList(ipam.masterNets, 'ipam.masterNets');
  if (names?.length && nets?.length) {
    throw invalidConfig('ipam.masters', 'give either ipam.masters (NIC names) or ipam.masterNets (NIC subnets), not both');
  }
  let pool: Pool;
  if (names?.length) pool = { kind: 'masters', entries: names.map(readName) };
  else if (nets?.length) pool = { kind: 'masterNets', entries: readNets(nets, layout) };
  else throw invalidConfig('ipam.masters', 'missing: list the host NICs of the pool in ipam.masters (names) or ipam.masterNets (subnets)');
  const field = pool.kind === 'masters' ? 'ipam.masters' : 'ipam.masterNets';
  try {
    interfaceBlockAt(layout, pool.entries.length - 1);
  } catch (e) {
    throw invalidConfig(field, `${pool.entries.length} NICs do not fit: ${(e as Error).message}`);
  }
  return pool;
}

function readName(text: string, i: number, all: string[]): PoolEntry {
  const field = `ipam.masters[${i}]`;
  const problem = ifNameProblem(text);
  if (problem) throw invalidConfig(field, `interface name ${JSON.stringify(text)} ${problem}`);
  if (all.indexOf(text) !== i) throw invalidConfig(field, `"${text}" is listed twice (also ipam.masters[${all.indexOf(text)}])`);
  return { position: i, name: text, text, field };
}

function readNets(texts: string[], layout: Layout): PoolEntry[] {
  const entries = texts.map((text, i) => {
    const field = `ipam.masterNets[${i}]`;
    return { position: i, net: parseNetworkField(text, field), text, field };
  });
  entries.forEach((e, i) => {
    const net = e.net as Cidr;
    if (overlaps(net, layout.subnet)) {
      throw invalidConfig(e.field, `NIC subnet ${formatCidr(net)} overlaps ipam.subnet ${formatCidr(layout.subnet)}`);
    }
    const other = entries.findIndex((o, j) => j !== i && overlaps(o.net, net));
    if (other >= 0) throw invalidConfig(e.field, `NIC subnet ${formatCidr(net)} overlaps ipam.masterNets[${other}] ${entries[other]!.text}`);
  });
  return entries;
}
