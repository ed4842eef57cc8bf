import { ifNameProblem } from '@plexus/cni-spec';
import type { KubeObject } from '@plexus/k8s';
import { containsIp, parseCidr, parseIp } from '@plexus/ip';
import { FieldProblem, isJsonObject, jsonTypeOf, readString, readWholeNumber } from '@plexus/json-fields';
import { dnsLabelProblem } from '../../config/kube-names';
import type { DanmNetworkRef, PodIdentity } from '../../plan/network-request';
import { plainFileNameProblem } from '../conf-files/plain-file-name';
import { invalidRequest } from '../../errors/dispatcher-errors';
import { DANM_DYNAMIC_TYPES, describeDanmRef, type DanmNetwork, type DanmPool, type DanmRoute } from '../../plan/danm-network';
import { parseDanmPool } from './parse-danm-pool';
import { checkKnownFields, readRouteMap } from './read-danm-fields';

const SPEC_KEYS = [
  'networkID',
  'networkType',
  'hostDevice',
  'cidr',
  'allocationPool',
  'cidr6',
  'allocationPool6',
  'routes',
  'policyRoutes',
  'routingTable',
  'containerPrefix',
  'vlan',
  'vxlan',
  'allowedTenants',
  'multiNic',
  'allocations',
] as const;
/** Tables the kernel reserves (unspec, default, main, local). */
const RESERVED_TABLES = [0, 253, 254, 255];
const TYPE_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * parseDanmNetwork validates a DanmNet / TenantNetwork / ClusterNetwork object (pure). Every problem is code 7
 * naming the pod, the network and the field (`spec.cidr`, `spec.routes["10.1.0.0/16"]`…).
 */
export function parseDanmNetwork(obj: KubeObject, ref: DanmNetworkRef, pod?: PodIdentity): DanmNetwork {
  try {
    return parseSpec(obj, ref);
  } catch (e) {
    if (e instanceof FieldProblem) throw invalidRequest({ pod, network: describeDanmRef(ref) }, e.field, e.problem);
    throw e;
  }
}

function parseSpec(obj: KubeObject, ref: DanmNetworkRef): DanmNetwork {
  const spec = obj.spec;
  if (!isJsonObject(spec)) throw new FieldProblem('spec', `must be an object, got ${jsonTypeOf(spec)}`);
  checkKnownFields(spec, 'spec', SPEC_KEYS);
  const networkType = readName(spec.networkType, 'spec.networkType') ?? 'ipvlan';
  if (!TYPE_RE.test(networkType)) throw new FieldProblem('spec.networkType', `"${networkType}" is not a plugin type name`);
  const integration = (DANM_DYNAMIC_TYPES as readonly string[]).includes(networkType) ? 'dynamic' : 'static';
  const networkId = readName(spec.networkID, 'spec.networkID') ?? ref.name;
  const idProblem = plainFileNameProblem(networkId);
  if (idProblem) throw new FieldProblem('spec.networkID', `"${networkId}" ${idProblem} (it names ${integration === 'static' ? 'the delegate conf file' : 'host devices'})`);
  const net: DanmNetwork = { ref, networkId, networkType, integration, routes: [], policyRoutes: [], gateways: [] };
  const v4 = parseDanmPool(spec.cidr, spec.allocationPool, 4, 'spec.cidr', 'spec.allocationPool');
  if (v4) net.v4 = v4;
  const v6 = parseDanmPool(spec.cidr6, spec.allocationPool6, 6, 'spec.cidr6', 'spec.allocationPool6');
  if (v6) net.v6 = v6;
  net.routes = readRouteMap(spec.routes, 'spec.routes');
  net.policyRoutes = readRouteMap(spec.policyRoutes, 'spec.policyRoutes');
  const table = readWholeNumber(spec.routingTable, 'spec.routingTable', 1, 0xffffffff);
  if (table !== undefined) {
    if (RESERVED_TABLES.includes(table)) throw new FieldProblem('spec.routingTable', `${table} is a table the kernel reserves (default, main, local)`);
    net.routingTable = table;
  }
  if (net.policyRoutes.length && net.routingTable === undefined) throw new FieldProblem('spec.policyRoutes', 'needs spec.routingTable (the table the routes go into)');
  net.gateways = gatewaysOf([...net.routes, ...net.policyRoutes], [net.v4, net.v6]);
  readInterfaceFields(spec, net);
  readTenants(spec.allowedTenants, ref, net);
  readMultiNic(spec.multiNic, net);
  return net;
}

function readInterfaceFields(spec: Record<string, unknown>, net: DanmNetwork): void {
  const hostDevice = readName(spec.hostDevice, 'spec.hostDevice');
  if (hostDevice !== undefined) {
    const problem = ifNameProblem(hostDevice);
    if (problem) throw new FieldProblem('spec.hostDevice', `interface name "${hostDevice}" ${problem}`);
  }
  const vlan = readWholeNumber(spec.vlan, 'spec.vlan', 1, 4094);
  const vxlan = readWholeNumber(spec.vxlan, 'spec.vxlan', 1, 16_777_215);
  if (vlan !== undefined && vxlan !== undefined) throw new FieldProblem('spec.vxlan', 'vlan and vxlan are mutually exclusive');
  if (vlan !== undefined) net.vlan = vlan;
  if (vxlan !== undefined) net.vxlan = vxlan;
  // DANM's netwatcher names the host devices it creates this way; the delegate attaches to them.
  const master = vxlan !== undefined ? `vx_${net.networkId}` : vlan !== undefined ? `${net.networkId}.${vlan}` : hostDevice;
  if (master !== undefined && master !== hostDevice) {
    const problem = ifNameProblem(master);
    if (problem) throw new FieldProblem('spec.networkID', `the host device name "${master}" derived from it ${problem}`);
  }
  if (master !== undefined) net.master = master;
  const prefix = readName(spec.containerPrefix, 'spec.containerPrefix');
  if (prefix !== undefined) {
    // Room for at least one index digit: the indexed naming scheme appends the sequence number.
    const problem = ifNameProblem(`${prefix}0`);
    if (problem) throw new FieldProblem('spec.containerPrefix', `"${prefix}" plus an index ${problem}`);
    net.containerPrefix = prefix;
  }
}

function readTenants(v: unknown, ref: DanmNetworkRef, net: DanmNetwork): void {
  if (v === undefined || v === null) return;
  if (ref.kind !== 'ClusterNetwork') throw new FieldProblem('spec.allowedTenants', `only a ClusterNetwork restricts tenants; a ${ref.kind} belongs to its namespace`);
  if (!Array.isArray(v)) throw new FieldProblem('spec.allowedTenants', `must be a list of namespaces, got ${jsonTypeOf(v)}`);
  net.allowedTenants = v.map((ns, i) => {
    const problem = typeof ns === 'string' ? dnsLabelProblem(ns) : `must be a string, got ${jsonTypeOf(ns)}`;
    if (problem) throw new FieldProblem(`spec.allowedTenants[${i}]`, `namespace ${JSON.stringify(ns)} ${problem}`);
    return ns as string;
  });
}

function readMultiNic(v: unknown, net: DanmNetwork): void {
  if (net.networkType !== 'multi-nic') {
    if (v !== undefined && v !== null) throw new FieldProblem('spec.multiNic', `only applies to networkType "multi-nic", not "${net.networkType}"`);
    return;
  }
  if (!isJsonObject(v)) throw new FieldProblem('spec.multiNic', `networkType multi-nic needs {plugin?, ipam}, got ${jsonTypeOf(v)}`);
  checkKnownFields(v, 'spec.multiNic', ['plugin', 'ipam']);
  const plugin = v.plugin ?? { type: 'ipvlan', mode: 'l3' };
  if (!isJsonObject(plugin) || typeof plugin.type !== 'string' || plugin.type === '' || plugin.type === 'multi-nic') {
    throw new FieldProblem('spec.multiNic.plugin', 'must be the per-NIC plugin object with a type, e.g. {"type": "ipvlan", "mode": "l3"}');
  }
  if (!isJsonObject(v.ipam) || typeof v.ipam.type !== 'string' || v.ipam.type === '') {
    throw new FieldProblem('spec.multiNic.ipam', 'must be an ipam object with a type, e.g. {"type": "multi-nic-ipam", …}');
  }
  net.multiNic = { plugin: { ...plugin }, ipam: { ...v.ipam } };
}

/** readName reads an optional string in which '' means absent, as a Go zero value does. */
function readName(v: unknown, field: string): string | undefined {
  return readString(v, field) || undefined;
}

function gatewaysOf(routes: readonly DanmRoute[], pools: ReadonlyArray<DanmPool | undefined>): string[] {
  const out = new Set<string>();
  for (const r of routes) {
    const pool = pools.find((p) => p?.family === r.family);
    if (pool && containsIp(parseCidr(pool.cidr)!, parseIp(r.gw)!)) out.add(r.gw);
  }
  return [...out];
}
