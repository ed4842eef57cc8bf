import { invalidConfig, readAbsolutePath, versionAtLeast, type NetConf, type Route } from '@plexus/cni-spec';
import { containsIp, formatCidr, parseIp, type Cidr } from '@plexus/ip';
import { parseDns, parseRoutes, readIpamSection } from '@plexus/ipam-config';
import { readString, readWholeNumber, type JsonObject } from '@plexus/json-fields';
import { hostBlockAt, hostCapacity } from '../layout/layout';
import { readMasterRequest } from './master-request';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_ROUTE_SYNC_INTERVAL_S,
  type HostIndexSource,
  type MultiNicConfig,
  type VlanMode,
} from './multi-nic-config';
import { parseLayout } from './parse-layout';
import { parsePool } from './parse-pool';

const VLAN_MODES: readonly VlanMode[] = ['l2', 'l3', 'l3s'];
/** Table ids the kernel reserves (local 255, main 254, default 253, unspec 0) are refused; L3 tables start at 100. */
const RESERVED_TABLES = [253, 254, 255];

/**
 * parseMultiNicConfig validates and normalises a multi-nic-ipam configuration (pure: no I/O). Every problem is a
 * code-7 CniError naming the field.
 */
export function parseMultiNicConfig(conf: NetConf): MultiNicConfig {
  const ipam = readIpamSection(conf);
  const layout = parseLayout(ipam);
  const pool = parsePool(ipam, layout);
  const routes = parseRoutes(ipam.routes, 'ipam.routes', { withSpec11Fields: versionAtLeast(conf.cniVersion, '1.1.0') });
  const dataDir = readAbsolutePath(ipam.dataDir, 'ipam.dataDir') ?? DEFAULT_DATA_DIR;
  const vlanMode = (readString(ipam.vlanMode, 'ipam.vlanMode') || 'l2') as VlanMode;
  if (!VLAN_MODES.includes(vlanMode)) throw invalidConfig('ipam.vlanMode', `"${vlanMode}" must be one of ${VLAN_MODES.join(', ')}`);
  const routeTable = readWholeNumber(ipam.routeTable, 'ipam.routeTable', 100, 0xffffffff);
  if (routeTable !== undefined && RESERVED_TABLES.includes(routeTable)) {
    throw invalidConfig('ipam.routeTable', `${routeTable} is a table the kernel reserves (default, main, local)`);
  }
  const interval = readWholeNumber(ipam.routeSyncInterval, 'ipam.routeSyncInterval', 0, 86_400) ?? DEFAULT_ROUTE_SYNC_INTERVAL_S;
  const config: MultiNicConfig = {
    network: conf.name,
    cniVersion: conf.cniVersion,
    layout,
    subnet: formatCidr(layout.subnet),
    pool,
    request: readMasterRequest(conf),
    vlanMode,
    routes,
    reserved: reservedGateways(routes, layout.subnet),
    dataDir,
    hostIndex: readHostIndexSource(ipam),
    routeSyncIntervalMs: interval * 1000,
  };
  const dns = parseDns(ipam.dns, 'ipam.dns');
  if (dns) config.dns = dns;
  const nodeName = readString(ipam.nodeName, 'ipam.nodeName');
  if (nodeName) config.nodeName = nodeName;
  if (routeTable !== undefined) config.routeTable = routeTable;
  // `kubeconfig` at the top level is where DANM and the meta-dispatcher keep it; `ipam.kubeconfig` wins.
  const kubeconfig = readAbsolutePath(ipam.kubeconfig, 'ipam.kubeconfig') ?? readAbsolutePath(conf.kubeconfig, 'kubeconfig');
  if (kubeconfig) config.kubeconfig = kubeconfig;
  return checkFixedHostIndex(config);
}

function readHostIndexSource(ipam: JsonObject): HostIndexSource {
  const fixed = readWholeNumber(ipam.hostIndex, 'ipam.hostIndex', 0, Number.MAX_SAFE_INTEGER);
  return fixed === undefined ? { kind: 'kubernetes' } : { kind: 'fixed', hostIndex: fixed };
}

/** checkFixedHostIndex refuses an `ipam.hostIndex` for which some master of the pool has no host block. */
function checkFixedHostIndex(config: MultiNicConfig): MultiNicConfig {
  if (config.hostIndex.kind !== 'fixed') return config;
  const capacity = hostCapacity(config.layout, config.pool.entries.length);
  if (BigInt(config.hostIndex.hostIndex) >= capacity) {
    let why = `the layout has ${capacity} usable host block(s) per master`;
    try {
      for (const e of config.pool.entries) hostBlockAt(config.layout, e.position, config.hostIndex.hostIndex);
    } catch (err) {
      why = (err as Error).message;
    }
    throw invalidConfig('ipam.hostIndex', `${config.hostIndex.hostIndex} is out of range: ${why}`);
  }
  return config;
}

/** reservedGateways collects the route gateways inside the subnet: an address a router holds is never a pod's. */
function reservedGateways(routes: Route[], subnet: Cidr): bigint[] {
  const out: bigint[] = [];
  for (const r of routes) {
    const gw = r.gw === undefined ? undefined : parseIp(r.gw);
    if (gw && containsIp(subnet, gw)) out.push(gw.value);
  }
  return out;
}
