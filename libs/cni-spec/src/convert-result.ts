import { CniCode, CniError } from './errors';
import type { CniInterface, Dns, IpConfig, Result, Result020, Result040, Route } from './result';
import { ipFamilyOf } from './result';
import { isSpecVersion, resultFamilyOf } from './versions';

type Json = Record<string, unknown>;

/**
 * formatResult renders a current-schema result in the requested spec version, following Go's converters
 * (pkg/types/internal/convert.go): 1.x → 0.4.0 adds `version` and drops interface mtu/socketPath/pciID; → 0.2.0
 * keeps only the first address of each family. Route mtu/advmss/priority/table/scope are kept at every version, as
 * libcni ≥ 1.2 (reference plugins v1.6.x) does with its one Route type.
 */
export function formatResult(result: Result, version: string): Json {
  if (!isSpecVersion(version)) {
    throw new CniError(CniCode.IncompatibleVersion, 'incompatible CNI versions', `cannot convert a result to version "${version}"`);
  }
  switch (resultFamilyOf(version)) {
    case '100':
      return pruneResult({ ...result, cniVersion: version });
    case '040':
      return pruneResult(toResult040(result, version) as unknown as Result);
    case '020':
      return toResult020(result, version) as unknown as Json;
  }
}

function toResult040(result: Result, version: string): Result040 {
  const out: Result040 = { cniVersion: version };
  if (result.interfaces?.length) {
    out.interfaces = result.interfaces.map((i) => dropUndefined({ name: i.name, mac: i.mac, sandbox: i.sandbox }));
  }
  if (result.ips?.length) {
    out.ips = result.ips.map((ip) => dropUndefined({ version: String(ipFamilyOf(ip.address)) as '4' | '6', ...ip }));
  }
  if (result.routes?.length) out.routes = result.routes.map((r) => ({ ...r }));
  if (result.dns) out.dns = result.dns;
  return out;
}

function toResult020(result: Result, version: string): Result020 {
  const out: Result020 = { cniVersion: version };
  const v4 = result.ips?.find((ip) => ipFamilyOf(ip.address) === 4);
  const v6 = result.ips?.find((ip) => ipFamilyOf(ip.address) === 6);
  if (!v4 && !v6) {
    throw new CniError(CniCode.IncompatibleVersion, 'cannot convert: no valid IP addresses', `to version ${version}`);
  }
  for (const [key, ip, fam] of [['ip4', v4, 4], ['ip6', v6, 6]] as const) {
    if (!ip) continue;
    // libcni ≥ 1.2 (plugins v1.6.x) prints every Route field at 0.2.0 too: one Route type serves all versions.
    const routes = (result.routes ?? []).filter((r) => ipFamilyOf(r.dst) === fam).map(routeAsGoPrints);
    out[key] = dropUndefined({ ip: ip.address, gateway: ip.gateway, routes: routes.length ? routes : undefined });
  }
  out.dns = pruneDns(result.dns);
  return out;
}

/**
 * parseResult reads any-version result JSON into the current schema. A result without `cniVersion` takes
 * `fallbackVersion` (Go's invoke.fixupResultVersion).
 */
export function parseResult(raw: unknown, fallbackVersion = '1.1.0'): Result {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CniError(CniCode.DecodingFailure, 'failed to decode result', 'result is not a JSON object');
  }
  const obj = raw as Json;
  const version = typeof obj.cniVersion === 'string' && obj.cniVersion !== '' ? obj.cniVersion : fallbackVersion;
  if (!isSpecVersion(version)) {
    throw new CniError(CniCode.IncompatibleVersion, 'incompatible CNI versions', `result has unknown cniVersion "${version}"`);
  }
  if (resultFamilyOf(version) === '020') return from020(obj, version);
  const out: Result = { cniVersion: '1.1.0' };
  const interfaces = readList(obj.interfaces, 'interfaces', readInterface);
  if (interfaces) out.interfaces = interfaces;
  const ips = readList(obj.ips, 'ips', readIp);
  if (ips) out.ips = ips;
  const routes = readList(obj.routes, 'routes', readRoute);
  if (routes) out.routes = routes;
  if (isObject(obj.dns)) out.dns = readDns(obj.dns);
  return out;
}

function from020(obj: Json, _version: string): Result {
  const out: Result = { cniVersion: '1.1.0', ips: [], routes: [] };
  for (const key of ['ip4', 'ip6'] as const) {
    const block = obj[key];
    if (!isObject(block)) continue;
    const ip: IpConfig = { address: str(block.ip, `${key}.ip`) };
    if (typeof block.gateway === 'string' && block.gateway) ip.gateway = block.gateway;
    out.ips!.push(ip);
    out.routes!.push(...(readList(block.routes, `${key}.routes`, readRoute) ?? []));
  }
  if (isObject(obj.dns)) out.dns = readDns(obj.dns);
  if (!out.routes!.length) delete out.routes;
  if (!out.ips!.length) delete out.ips;
  return out;
}

function readInterface(i: Json): CniInterface {
  return dropUndefined({
    name: str(i.name, 'interfaces[].name'),
    mac: optStr(i.mac),
    mtu: optNum(i.mtu),
    sandbox: optStr(i.sandbox),
    socketPath: optStr(i.socketPath),
    pciID: optStr(i.pciID),
  });
}

function readIp(ip: Json): IpConfig {
  return dropUndefined({
    address: str(ip.address, 'ips[].address'),
    gateway: optStr(ip.gateway),
    interface: typeof ip.interface === 'number' ? ip.interface : undefined,
  });
}

function readRoute(r: Json): Route {
  return dropUndefined({
    dst: str(r.dst, 'routes[].dst'),
    gw: optStr(r.gw),
    mtu: optNum(r.mtu),
    advmss: optNum(r.advmss),
    priority: optNum(r.priority),
    table: typeof r.table === 'number' ? r.table : undefined,
    scope: typeof r.scope === 'number' ? r.scope : undefined,
  });
}

function readDns(d: Json): Dns {
  return dropUndefined({
    nameservers: strArr(d.nameservers),
    domain: optStr(d.domain),
    search: strArr(d.search),
    options: strArr(d.options),
  });
}

/** pruneResult drops empty collections the way Go's omitempty does, keeping `dns` (Debian 1.x prints `{}`). */
function pruneResult(r: Result): Json {
  const out: Json = { cniVersion: r.cniVersion };
  if (r.interfaces?.length) out.interfaces = r.interfaces.map((i) => dropUndefined({ ...i, mtu: i.mtu || undefined }));
  if (r.ips?.length) out.ips = r.ips;
  if (r.routes?.length) out.routes = r.routes.map(routeAsGoPrints);
  out.dns = pruneDns(r.dns);
  return out;
}

/** routeAsGoPrints is Go's route JSON: zero mtu/advmss/priority omitted, table and scope kept when set (pointers). */
function routeAsGoPrints(x: Route): Route {
  return dropUndefined({ dst: x.dst, gw: x.gw, mtu: x.mtu || undefined, advmss: x.advmss || undefined, priority: x.priority || undefined, table: x.table, scope: x.scope });
}

function pruneDns(d: Dns | undefined): Dns {
  if (!d) return {};
  return dropUndefined({
    nameservers: d.nameservers?.length ? d.nameservers : undefined,
    domain: d.domain || undefined,
    search: d.search?.length ? d.search : undefined,
    options: d.options?.length ? d.options : undefined,
  });
}

/**
 * readList reads an optional list of objects: absent or null is undefined; anything else must be a list of objects,
 * else code 6 naming the field (`ips[1]`). A `null` entry used to reach the readers and surface as a 999 TypeError.
 */
function readList<T>(v: unknown, field: string, read: (item: Json) => T): T[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new CniError(CniCode.DecodingFailure, 'failed to decode result', `${field} must be a list`);
  return v.map((item, i) => {
    if (!isObject(item)) throw new CniError(CniCode.DecodingFailure, 'failed to decode result', `${field}[${i}] must be an object`);
    return read(item);
  });
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new CniError(CniCode.DecodingFailure, 'failed to decode result', `${field} must be a string`);
  return v;
}
function optStr(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
function optNum(v: unknown): number | undefined {
  return typeof v === 'number' && v !== 0 ? v : undefined;
}
function strArr(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/** dropUndefined removes keys whose value is undefined so JSON output matches Go's omitempty. */
export function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}
