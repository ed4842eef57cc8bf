import { CniCode, CniError } from '@plexus/cni-spec';
import type { BackendOptions } from '../../config/dispatcher-config';
import type { NetworkRequest, PodIdentity } from '../../plan/network-request';
import { indexConfsByName } from '../conf-files/find-conf-by-name';
import { networkNotFound } from '../../errors/dispatcher-errors';
import type { ResolveContext } from '../resolve-context';
import { runtimeCapabilityArgs } from '../runtime-capabilities';
import { parseBackendAnswer, type DockinEntry } from './backend-answer';
import { fetchBackendAnswer } from './fetch-backend-answer';
import { renderDockinDelegate } from './render-dockin-delegate';

/**
 * resolveDockinNetworks asks the backend for the pod's networks and turns each entry into a request whose conf is
 * the confDir conf named by the entry's `type`, with the assigned address handed over through fakeipam. Plan
 * order: the master first (it is the primary and gets CNI_IFNAME), then the others in answer order. Needs the pod
 * identity (K8S_POD_NAMESPACE/K8S_POD_NAME): code 4 without it.
 */
export async function resolveDockinNetworks(ctx: ResolveContext, backend: BackendOptions, pod: PodIdentity | undefined): Promise<NetworkRequest[]> {
  if (!pod) throw new CniError(CniCode.InvalidEnvironment, 'missing pod identity', 'the Dockin backend is asked per pod: CNI_ARGS must carry K8S_POD_NAMESPACE and K8S_POD_NAME');
  const entries = parseBackendAnswer(await fetchBackendAnswer(ctx, backend, pod), pod);
  const ordered = [...entries.filter((e) => e.master), ...entries.filter((e) => !e.master)];
  const confs = await indexConfsByName(ctx.deps.files, ctx.config.confDir, ctx.deps.log, { pod });
  return ordered.map((entry) => buildDockinRequest(ctx, entry, confs, pod));
}

function buildDockinRequest(ctx: ResolveContext, entry: DockinEntry, confs: Awaited<ReturnType<typeof indexConfsByName>>, pod: PodIdentity): NetworkRequest {
  const found = confs.get(entry.type);
  if (!found) throw networkNotFound({ pod, network: entry.type }, `${entry.field}.type`, `no conf named "${entry.type}" in ${ctx.config.confDir}`);
  const fixed = entry.gateway ? { address: entry.address, gateway: entry.gateway } : { address: entry.address };
  const request: NetworkRequest = {
    source: 'dockin',
    statusName: entry.type,
    isPrimary: entry.master,
    confList: renderDockinDelegate(found.confList, fixed, { isPrimary: entry.master }),
    capabilityArgs: entry.master ? runtimeCapabilityArgs(ctx.runtimeConfig) : {},
    cniArgs: [],
    requested: { ips: [entry.address] },
    fixedAddresses: [fixed],
  };
  // The master is the primary: it gets CNI_IFNAME from the runtime, whatever the backend named it.
  if (!entry.master && entry.ifName) request.ifName = entry.ifName;
  return request;
}
