import type { NetworkRequest, NetworkSource, PodIdentity } from '../../plan/network-request';
import type { ConfList } from '../../config/conf-list';
import { invalidRequest } from '../../errors/dispatcher-errors';
import { readMultiNicRequest } from '../multi-nic/read-multi-nic-request';
import { runtimeCapabilityArgs } from '../runtime-capabilities';
import { mergeCniArgs } from './merge-cni-args';
import type { NetworkSelection } from './network-selection';

/** Inputs of buildMultusRequest. */
export interface MultusRequestInput {
  confList: ConfList;
  source: NetworkSource;
  statusName: string;
  isPrimary: boolean;
  /** The annotation element that asked for the network, when one did. */
  selection?: NetworkSelection;
  /** Explicit interface name from config (static `networks[i].interface`). */
  ifName?: string;
  /** The runtime's runtimeConfig; only the primary receives it. */
  runtimeConfig?: Record<string, unknown>;
  pod?: PodIdentity;
}

/**
 * buildMultusRequest turns a resolved conf and its selection element into a NetworkRequest (pure):
 * - `cni-args` merged into `args.cni` of every plugin (annotation wins);
 * - capability args: the primary gets the runtime's runtimeConfig (portMappings, bandwidth… are meant for it);
 *   every network gets its own element's `ips`, `mac`, `portMappings`, `bandwidth`, `deviceID` and
 *   `infiniband-guid` (as `infinibandGUID`). Unlike Multus, a secondary does not inherit the runtime's
 *   portMappings (NPWG spec v1.3 §7.5);
 * - `ips`/`mac` also as CNI_ARGS `IP=a,b` / `MAC=m` (Multus compatibility, for plugins that read CNI_ARGS);
 * - a multi-NIC conf (`type: "multi-nic"`) sets `multiNic` and source `multi-nic` (never allowed as the primary).
 */
export function buildMultusRequest(input: MultusRequestInput): NetworkRequest {
  const sel = input.selection;
  const confList = mergeCniArgs(input.confList, sel?.cniArgs);
  const capabilityArgs: Record<string, unknown> = input.isPrimary ? runtimeCapabilityArgs(input.runtimeConfig) : {};
  const cniArgs: Array<[string, string]> = [];
  const requested: NetworkRequest['requested'] = {};
  if (sel?.ips?.length) {
    capabilityArgs.ips = [...sel.ips];
    cniArgs.push(['IP', sel.ips.join(',')]);
    requested.ips = [...sel.ips];
  }
  if (sel?.mac) {
    capabilityArgs.mac = sel.mac;
    cniArgs.push(['MAC', sel.mac]);
    requested.mac = sel.mac;
  }
  if (sel?.defaultRoute) requested.defaultRoute = [...sel.defaultRoute];
  if (sel?.portMappings) capabilityArgs.portMappings = sel.portMappings;
  if (sel?.bandwidth) capabilityArgs.bandwidth = sel.bandwidth;
  if (sel?.deviceID) capabilityArgs.deviceID = sel.deviceID;
  if (sel?.infinibandGuid) capabilityArgs.infinibandGUID = sel.infinibandGuid;
  const request: NetworkRequest = {
    source: input.source,
    statusName: input.statusName,
    isPrimary: input.isPrimary,
    confList,
    capabilityArgs,
    cniArgs,
    requested,
  };
  const ifName = input.isPrimary ? undefined : (sel?.interface ?? input.ifName);
  if (ifName) request.ifName = ifName;
  const multiNic = readMultiNicRequest(confList, { pod: input.pod, network: input.statusName });
  if (multiNic && input.isPrimary) {
    // The primary's result goes back to the runtime as the pod IP; a fan-out over several NICs has no single one.
    throw invalidRequest({ pod: input.pod, network: input.statusName }, 'type', 'a multi-nic network cannot be the primary (cluster) network');
  }
  if (multiNic) {
    request.multiNic = multiNic;
    request.source = 'multi-nic';
  }
  return request;
}
