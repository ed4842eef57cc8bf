import { FieldProblem, isJsonObject, jsonTypeOf } from '@plexus/json-fields';
import { dnsLabelProblem } from '../../config/kube-names';
import type { DanmIpRequest, DanmNetworkRef, PodIdentity } from '../../plan/network-request';
import { invalidRequest } from '../../errors/dispatcher-errors';
import { DANM_INTERFACES_ANNOTATION, describeDanmRef, type DanmRoute } from '../../plan/danm-network';
import { checkKnownFields, readAddress, readRouteMap } from './read-danm-fields';

/** One validated entry of `danm.io/interfaces`. */
export interface DanmInterfaceRequest {
  network: DanmNetworkRef;
  ip: DanmIpRequest;
  ip6: DanmIpRequest;
  /** `proutes` (v4) and `proutes6` (v6) together. */
  proutes: DanmRoute[];
  /** `danm.io/interfaces[i]`. */
  field: string;
}

const ENTRY_KEYS = ['network', 'tenantNetwork', 'clusterNetwork', 'ip', 'ip6', 'proutes', 'proutes6'] as const;
const KIND_BY_KEY = { network: 'DanmNet', tenantNetwork: 'TenantNetwork', clusterNetwork: 'ClusterNetwork' } as const;

/**
 * parseDanmInterfaces parses `danm.io/interfaces` (pure): a JSON list whose entries name exactly one of
 * `network` (DanmNet in the pod's namespace), `tenantNetwork` (TenantNetwork, same namespace) or `clusterNetwork`,
 * with `ip`/`ip6` = `dynamic` | `none` | a literal address (a `/prefix` is tolerated and dropped; absent = none)
 * and `proutes`/`proutes6` maps. Unknown fields are refused, as DANM does. Code 7 names the pod and the field.
 */
export function parseDanmInterfaces(value: string, pod: PodIdentity): DanmInterfaceRequest[] {
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch (e) {
    throw invalidRequest({ pod }, DANM_INTERFACES_ANNOTATION, `is not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(raw)) throw invalidRequest({ pod }, DANM_INTERFACES_ANNOTATION, `must be a list of interfaces, got ${jsonTypeOf(raw)}`);
  return raw.map((entry, i) => {
    const field = `${DANM_INTERFACES_ANNOTATION}[${i}]`;
    let network: DanmNetworkRef | undefined;
    try {
      if (!isJsonObject(entry)) throw new FieldProblem('', `must be an object, got ${jsonTypeOf(entry)}`);
      network = readNetworkRef(entry, pod);
      checkKnownFields(entry, '', ENTRY_KEYS);
      return {
        network,
        ip: readIpRequest(entry.ip, 'ip', 4),
        ip6: readIpRequest(entry.ip6, 'ip6', 6),
        proutes: [...readRouteMap(entry.proutes, 'proutes', 4), ...readRouteMap(entry.proutes6, 'proutes6', 6)],
        field,
      };
    } catch (e) {
      if (e instanceof FieldProblem) {
        throw invalidRequest({ pod, network: network && describeDanmRef(network) }, e.within(field).field, e.problem);
      }
      throw e;
    }
  });
}

function readNetworkRef(entry: Record<string, unknown>, pod: PodIdentity): DanmNetworkRef {
  const keys = (Object.keys(KIND_BY_KEY) as Array<keyof typeof KIND_BY_KEY>).filter((k) => entry[k] !== undefined);
  if (keys.length !== 1) {
    throw new FieldProblem('network', `name exactly one of network, tenantNetwork, clusterNetwork (found ${keys.length ? keys.join(', ') : 'none'})`);
  }
  const key = keys[0]!;
  const name = entry[key];
  if (typeof name !== 'string') throw new FieldProblem(key, `must be a string, got ${jsonTypeOf(name)}`);
  const problem = dnsLabelProblem(name);
  if (problem) throw new FieldProblem(key, `network name "${name}" ${problem}`);
  const kind = KIND_BY_KEY[key];
  return kind === 'ClusterNetwork' ? { kind, name } : { kind, namespace: pod.namespace, name };
}

function readIpRequest(v: unknown, field: string, family: 4 | 6): DanmIpRequest {
  if (v === undefined || v === null || v === '' || v === 'none') return 'none';
  if (v === 'dynamic') return 'dynamic';
  if (typeof v !== 'string') throw new FieldProblem(field, `must be "dynamic", "none" or an IPv${family} address, got ${jsonTypeOf(v)}`);
  try {
    return readAddress(v, field, family);
  } catch {
    throw new FieldProblem(field, `"${v}" is not "dynamic", "none" or an IPv${family} address`);
  }
}
