import { join } from 'node:path';
import { containsIp, parseCidr, parseIp } from '@plexus/ip';
import type { DanmIpRequest, NetworkRequest, PodIdentity } from '../../plan/network-request';
import type { ConfList } from '../../config/conf-list';
import { parseConfFile } from '../conf-files/load-conf-path';
import { readTextFile } from '../conf-files/read-text-file';
import { invalidRequest, networkNotFound, type ErrorSubject } from '../../errors/dispatcher-errors';
import type { ResolveContext } from '../resolve-context';
import { runtimeCapabilityArgs } from '../runtime-capabilities';
import { checkTenant } from './check-tenant';
import { describeDanmRef, type DanmNetwork, type DanmRoute } from '../../plan/danm-network';
import { renderDanmDelegate } from './render-danm-delegate';

/** What the pod asks of one DANM network (an annotation entry, or the default network's implicit request). */
export interface DanmEntry {
  ip: DanmIpRequest;
  ip6: DanmIpRequest;
  proutes: DanmRoute[];
  /** `danm.io/interfaces[i]` or `danm.defaultNetwork`. */
  field: string;
}

/**
 * buildDanmRequest turns a validated network and the pod's entry into a NetworkRequest. `seq` is the entry's
 * position: 0 is the primary (it gets CNI_IFNAME, i.e. eth0), others are named containerPrefix + seq (`eth` +
 * seq without a prefix; the prefix verbatim with namingScheme legacy). By networkType:
 * - ipvlan/macvlan (dynamic): `danm` is set; `confList` is the delegate rendered without addresses, for the core
 *   to re-render with renderDanmConfList after allocateDanmIps;
 * - multi-nic: a multi-NIC fan-out request (`multiNic`); multi-nic-ipam allocates, so `ip`/`ip6` must be none;
 * - anything else (static): `confList` is `<confDir>/<networkID>.conf`; a family the network has no pool for is
 *   left to the file's own IPAM (its request becomes `none`).
 */
export async function buildDanmRequest(ctx: ResolveContext, network: DanmNetwork, entry: DanmEntry, seq: number, pod: PodIdentity): Promise<NetworkRequest> {
  checkTenant(network, pod, entry.field);
  const s: ErrorSubject = { pod, network: describeDanmRef(network.ref) };
  if (entry.proutes.length && network.routingTable === undefined) {
    throw invalidRequest(s, `${entry.field}.proutes`, 'the network has no spec.routingTable for policy routes');
  }
  const isPrimary = seq === 0;
  const request: NetworkRequest = {
    source: 'danm',
    statusName: network.ref.namespace ? `${network.ref.namespace}/${network.ref.name}` : network.ref.name,
    isPrimary,
    confList: { cniVersion: ctx.config.cniVersion, name: network.networkId, plugins: [] },
    capabilityArgs: isPrimary ? runtimeCapabilityArgs(ctx.runtimeConfig) : {},
    cniArgs: [],
    requested: {},
  };
  if (!isPrimary) nameInterface(request, network, ctx.config.danm.namingScheme);
  if (network.networkType === 'multi-nic') return asMultiNic(request, network, entry, s);
  const ip = network.integration === 'static' && !network.v4 ? 'none' : entry.ip;
  const ip6 = network.integration === 'static' && !network.v6 ? 'none' : entry.ip6;
  checkIpRequest(network, ip, 4, `${entry.field}.ip`, s);
  checkIpRequest(network, ip6, 6, `${entry.field}.ip6`, s);
  const literal = [ip, ip6].filter((x) => x !== 'none' && x !== 'dynamic');
  if (literal.length) request.requested.ips = literal;
  request.danm = { network: network.ref, ip, ip6, definition: network };
  if (entry.proutes.length) request.danm.proutes = Object.fromEntries(entry.proutes.map((r) => [r.dst, r.gw]));
  request.confList =
    network.integration === 'dynamic'
      ? renderDanmDelegate(network, [], { cniVersion: ctx.config.cniVersion, proutes: entry.proutes })
      : await readStaticConf(ctx, network, s);
  return request;
}

function nameInterface(request: NetworkRequest, network: DanmNetwork, scheme: 'indexed' | 'legacy'): void {
  if (scheme === 'legacy' && network.containerPrefix) request.ifName = network.containerPrefix;
  else request.ifNamePrefix = network.containerPrefix ?? 'eth';
}

function asMultiNic(request: NetworkRequest, network: DanmNetwork, entry: DanmEntry, s: ErrorSubject): NetworkRequest {
  if (request.isPrimary) throw invalidRequest(s, entry.field, 'a multi-nic network cannot be the primary (first) interface');
  for (const [value, key] of [[entry.ip, 'ip'], [entry.ip6, 'ip6']] as const) {
    if (value !== 'none') throw invalidRequest(s, `${entry.field}.${key}`, 'a multi-nic network gets its addresses from its own ipam; leave ip/ip6 out');
  }
  if (entry.proutes.length) throw invalidRequest(s, `${entry.field}.proutes`, 'policy routes are not supported on multi-nic networks');
  const { plugin, ipam } = network.multiNic!;
  request.source = 'multi-nic';
  request.confList = { ...request.confList, plugins: [{ type: 'multi-nic', plugin, ipam }] };
  request.multiNic = { plugin: { ...plugin }, ipam: { ...ipam } };
  return request;
}

function checkIpRequest(network: DanmNetwork, want: DanmIpRequest, family: 4 | 6, field: string, s: ErrorSubject): void {
  if (want === 'none') return;
  const pool = family === 4 ? network.v4 : network.v6;
  if (!pool) throw invalidRequest(s, field, `asks for an IPv${family} address but the network has no ${family === 4 ? 'spec.cidr' : 'spec.cidr6'}`);
  if (want !== 'dynamic' && !containsIp(parseCidr(pool.cidr)!, parseIp(want)!)) throw invalidRequest(s, field, `${want} is outside the network ${pool.cidr}`);
}

async function readStaticConf(ctx: ResolveContext, network: DanmNetwork, s: ErrorSubject): Promise<ConfList> {
  const path = join(ctx.config.confDir, `${network.networkId}.conf`);
  const read = await readTextFile(ctx.deps.files, path, s);
  if (read.kind !== 'file') throw networkNotFound(s, 'spec.networkID', `networkType "${network.networkType}" is delegated to ${path}, which does not exist`);
  return parseConfFile(read.text, path, s);
}
