import { ifNameProblem, quoteIfName } from '@plexus/cni-spec';
import { parseCidr, parseIp } from '@plexus/ip';
import { FieldProblem, isJsonObject, jsonTypeOf } from '@plexus/json-fields';
import { isMacAddress } from './mac-address';

/** readIps validates `ips`: each an IP address or a CIDR (Multus: net.ParseCIDR when it has a "/", else net.ParseIP). */
export function readIps(v: unknown): string[] {
  return readStrings(v, 'ips').map((ip, i) => {
    const ok = ip.includes('/') ? parseCidr(ip) : parseIp(ip);
    if (!ok) throw new FieldProblem(`ips[${i}]`, `"${ip}" is not an IP address or CIDR`);
    return ip;
  });
}

/** readMac validates `mac` like Go's net.ParseMAC. */
export function readMac(v: unknown): string {
  if (typeof v !== 'string') throw new FieldProblem('mac', `must be a string, got ${jsonTypeOf(v)}`);
  if (!isMacAddress(v)) throw new FieldProblem('mac', `"${v}" is not a MAC address`);
  return v;
}

/** readDefaultRoute validates `default-route`: gateway IP addresses (no prefix). */
export function readDefaultRoute(v: unknown): string[] {
  return readStrings(v, 'default-route').map((gw, i) => {
    if (!parseIp(gw)) throw new FieldProblem(`default-route[${i}]`, `"${gw}" is not an IP address`);
    return gw;
  });
}

/** readInterface validates an interface name as the kernel does (ifNameProblem: ≤ 15 bytes, no "/", ":", NUL, space…). */
export function readInterface(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new FieldProblem(field, `must be a string, got ${jsonTypeOf(v)}`);
  const problem = ifNameProblem(v);
  if (problem) throw new FieldProblem(field, `interface name ${quoteIfName(v)} ${problem}`);
  return v;
}

/** readObjectField validates an object-valued field such as `cni-args`. */
export function readObjectField(v: unknown, field: string): Record<string, unknown> {
  if (!isJsonObject(v)) throw new FieldProblem(field, `must be an object, got ${jsonTypeOf(v)}`);
  return v;
}

/** readNonEmptyString validates `deviceID`, `infiniband-guid`. */
export function readNonEmptyString(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') throw new FieldProblem(field, `must be a non-empty string, got ${jsonTypeOf(v)}`);
  return v;
}

const PROTOCOLS = ['tcp', 'udp', 'sctp'];

/** readPortMappings validates `portMappings`: [{containerPort, hostPort?, protocol?, hostIP?}] (the portmap plugin's shape). */
export function readPortMappings(v: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(v)) throw new FieldProblem('portMappings', `must be a list, got ${jsonTypeOf(v)}`);
  return v.map((item, i) => {
    const f = `portMappings[${i}]`;
    if (!isJsonObject(item)) throw new FieldProblem(f, `must be an object, got ${jsonTypeOf(item)}`);
    checkPort(item.containerPort, `${f}.containerPort`, true);
    checkPort(item.hostPort, `${f}.hostPort`, false);
    if (item.protocol !== undefined && (typeof item.protocol !== 'string' || !PROTOCOLS.includes(item.protocol.toLowerCase()))) {
      throw new FieldProblem(`${f}.protocol`, `must be one of ${PROTOCOLS.join(', ')}, got ${jsonTypeOf(item.protocol)}`);
    }
    if (item.hostIP !== undefined && item.hostIP !== '' && (typeof item.hostIP !== 'string' || !parseIp(item.hostIP))) {
      throw new FieldProblem(`${f}.hostIP`, `${jsonTypeOf(item.hostIP)} is not an IP address`);
    }
    return item;
  });
}

const BANDWIDTH_KEYS = ['ingressRate', 'ingressBurst', 'egressRate', 'egressBurst'];

/** readBandwidth validates `bandwidth`: the bandwidth plugin's four non-negative integer keys, nothing else. */
export function readBandwidth(v: unknown): Record<string, unknown> {
  const o = readObjectField(v, 'bandwidth');
  for (const [k, val] of Object.entries(o)) {
    if (!BANDWIDTH_KEYS.includes(k)) throw new FieldProblem(`bandwidth.${k}`, `unknown key (known keys: ${BANDWIDTH_KEYS.join(', ')})`);
    if (typeof val !== 'number' || !Number.isSafeInteger(val) || val < 0) throw new FieldProblem(`bandwidth.${k}`, `must be a non-negative integer, got ${jsonTypeOf(val)}`);
  }
  return o;
}

function checkPort(v: unknown, field: string, required: boolean): void {
  if (v === undefined && !required) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < (required ? 1 : 0) || v > 65535) {
    throw new FieldProblem(field, `must be a port number${required ? ' from 1' : ' from 0'} to 65535, got ${jsonTypeOf(v)}`);
  }
}

function readStrings(v: unknown, field: string): string[] {
  if (!Array.isArray(v)) throw new FieldProblem(field, `must be a list of strings, got ${jsonTypeOf(v)}`);
  return v.map((item, i) => {
    if (typeof item !== 'string') throw new FieldProblem(`${field}[${i}]`, `must be a string, got ${jsonTypeOf(item)}`);
    return item.trim();
  });
}
