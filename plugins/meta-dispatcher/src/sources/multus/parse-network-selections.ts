import { FieldProblem, isJsonObject, jsonTypeOf } from '@plexus/json-fields';
import { dnsLabelProblem } from '../../config/kube-names';
import type { PodIdentity } from '../../plan/network-request';
import { invalidRequest } from '../../errors/dispatcher-errors';
import { selectionNetworkName, type NetworkSelection } from './network-selection';
import {
  readBandwidth,
  readDefaultRoute,
  readInterface,
  readIps,
  readMac,
  readNonEmptyString,
  readObjectField,
  readPortMappings,
} from './selection-fields';

/** Where an annotation value came from and how to default its namespaces. */
export interface SelectionSource {
  /** The annotation key, used as the field prefix in errors. */
  annotation: string;
  /** Namespace of elements that name none: the pod's (networks) or multusNamespace (default-network). */
  defaultNamespace: string;
  pod?: PodIdentity;
}

/**
 * parseNetworkSelections parses a networks annotation value (pure), with Multus' rules: a value containing any of
 * `[`, `{`, `"` is JSON (a list of selection elements), otherwise a comma list of `[ns/]name[@ifname]`. Names and
 * namespaces must be DNS labels, interface names kernel-valid, `ips` IPs or CIDRs, `mac` a MAC address. Code 7
 * naming the pod, the network and the field (e.g. `k8s.v1.cni.cncf.io/networks[1].ips[0]`).
 */
export function parseNetworkSelections(value: string, src: SelectionSource): NetworkSelection[] {
  const text = value.trim();
  if (text === '') return [];
  return /[[{"]/.test(text) ? parseJsonForm(text, src) : parseCommaForm(text, src);
}

function parseCommaForm(text: string, src: SelectionSource): NetworkSelection[] {
  return text.split(',').map((raw, i) => {
    const field = `${src.annotation}[${i}]`;
    const item = raw.trim();
    const fail = (problem: string, network?: string): never => {
      throw invalidRequest({ pod: src.pod, network: network ?? item }, field, problem);
    };
    if (item === '') fail('empty entry (stray comma?)');
    const slash = item.split('/');
    if (slash.length > 2) fail(`"${item}" has more than one "/" (expected [namespace/]name[@interface])`);
    const [namespace, rest] = slash.length === 2 ? [slash[0]!, slash[1]!] : [src.defaultNamespace, slash[0]!];
    const at = rest.split('@');
    if (at.length > 2) fail(`"${item}" has more than one "@" (expected [namespace/]name[@interface])`);
    const name = at[0]!;
    checkName(namespace, 'namespace', field, src, item);
    checkName(name, 'name', field, src, item);
    const sel: NetworkSelection = { name, namespace, field };
    if (at.length === 2) sel.interface = withField(() => readInterface(at[1], 'interface'), field, src, sel);
    return sel;
  });
}

function parseJsonForm(text: string, src: SelectionSource): NetworkSelection[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw invalidRequest({ pod: src.pod }, src.annotation, `looks like JSON but does not parse: ${(e as Error).message}`);
  }
  if (!Array.isArray(raw)) throw invalidRequest({ pod: src.pod }, src.annotation, `JSON form must be a list of network selection elements, got ${jsonTypeOf(raw)}`);
  return raw.map((el, i) => parseJsonElement(el, `${src.annotation}[${i}]`, src));
}

function parseJsonElement(el: unknown, field: string, src: SelectionSource): NetworkSelection {
  if (!isJsonObject(el)) throw invalidRequest({ pod: src.pod }, field, `must be an object, got ${jsonTypeOf(el)}`);
  if (typeof el.name !== 'string') throw invalidRequest({ pod: src.pod }, `${field}.name`, `missing or not a string (${jsonTypeOf(el.name)})`);
  const namespace = el.namespace === undefined || el.namespace === '' ? src.defaultNamespace : el.namespace;
  if (typeof namespace !== 'string') throw invalidRequest({ pod: src.pod, network: el.name }, `${field}.namespace`, `must be a string, got ${jsonTypeOf(namespace)}`);
  checkName(namespace, 'namespace', field, src, `${namespace}/${el.name}`);
  checkName(el.name, 'name', field, src, `${namespace}/${el.name}`);
  const sel: NetworkSelection = { name: el.name, namespace, field };
  withField(() => readOptionalFields(el, sel), field, src, sel);
  return sel;
}

function readOptionalFields(el: Record<string, unknown>, sel: NetworkSelection): void {
  if (el.interface !== undefined && el.interface !== '') sel.interface = readInterface(el.interface, 'interface');
  else if (el.interfaceRequest !== undefined && el.interfaceRequest !== '') sel.interface = readInterface(el.interfaceRequest, 'interfaceRequest');
  if (el.ips !== undefined && el.ips !== null) sel.ips = readIps(el.ips);
  if (el.mac !== undefined && el.mac !== '') sel.mac = readMac(el.mac);
  if (el['default-route'] !== undefined && el['default-route'] !== null) sel.defaultRoute = readDefaultRoute(el['default-route']);
  if (el['cni-args'] !== undefined && el['cni-args'] !== null) sel.cniArgs = readObjectField(el['cni-args'], 'cni-args');
  if (el.portMappings !== undefined && el.portMappings !== null) sel.portMappings = readPortMappings(el.portMappings);
  if (el.bandwidth !== undefined && el.bandwidth !== null) sel.bandwidth = readBandwidth(el.bandwidth);
  if (el.deviceID !== undefined && el.deviceID !== '') sel.deviceID = readNonEmptyString(el.deviceID, 'deviceID');
  if (el['infiniband-guid'] !== undefined && el['infiniband-guid'] !== '') sel.infinibandGuid = readNonEmptyString(el['infiniband-guid'], 'infiniband-guid');
}

function checkName(value: string, what: 'name' | 'namespace', field: string, src: SelectionSource, network: string): void {
  const problem = dnsLabelProblem(value);
  if (problem) throw invalidRequest({ pod: src.pod, network }, `${field}.${what}`, `${what} "${value}" ${problem}`);
}

/** withField runs a field reader and turns its FieldProblem into code 7 naming pod, network and the full field. */
function withField<T>(read: () => T, field: string, src: SelectionSource, sel: NetworkSelection): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof FieldProblem) throw invalidRequest({ pod: src.pod, network: selectionNetworkName(sel) }, e.within(field).field, e.problem);
    throw e;
  }
}
