import { CniCode, CniError } from '@plexus/cni-spec';
import type { Invocation } from '../invocation/invocation';
import type { NetworkRequest } from '../plan/network-request';
import { readDeviceInfo, type DeviceInfo } from './device-info';
import { KUBELET_DEVICE_CHECKPOINT, parseKubeletCheckpoint, podResourceMap } from './kubelet-checkpoint';

/** The NAD annotation naming the device-plugin resource a network's devices come from. */
export const RESOURCE_NAME_ANNOTATION = 'k8s.v1.cni.cncf.io/resourceName';

const RESOURCE_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * assignDevices gives every network whose NAD names a resource (`k8s.v1.cni.cncf.io/resourceName`) the pod's
 * allocated device, as Multus does: the kubelet's device checkpoint is read once, the pod's IDs of that resource
 * are sorted, and the n-th network using the resource takes the n-th ID. The ID goes to the delegate as capability
 * `deviceID` (replacing one the annotation asked for) and as `deviceID`/`pciBusID` in every plugin of its conf.
 * Returns deviceID → device-info for network-status. Runs before the checkpoint is written: an unreadable
 * kubelet checkpoint fails the ADD with nothing attached. A network left without a device is logged (the
 * delegate will say what it misses), as Multus proceeds too.
 */
export async function assignDevices(inv: Invocation, requests: NetworkRequest[]): Promise<Map<string, DeviceInfo>> {
  const infos = new Map<string, DeviceInfo>();
  const wanting = requests.filter((r) => r.resourceName !== undefined);
  if (!wanting.length) return infos;
  for (const r of wanting) {
    if (!RESOURCE_NAME.test(r.resourceName!)) {
      throw new CniError(CniCode.InvalidConfig, `invalid ${RESOURCE_NAME_ANNOTATION}`, `network "${r.statusName}": "${r.resourceName}" is not a resource name (domain/name)`);
    }
  }
  const path = inv.config.deviceCheckpointFile ?? KUBELET_DEVICE_CHECKPOINT;
  const uid = await podUid(inv);
  const text = await inv.deps.files.read(path).catch((e: unknown) => {
    throw new CniError(CniCode.IoFailure, 'unreadable kubelet device checkpoint', `${path}: ${(e as Error).message}`);
  });
  if (text === undefined) throw new CniError(CniCode.IoFailure, 'no kubelet device checkpoint', `${path} does not exist; networks ${wanting.map((r) => `"${r.statusName}"`).join(', ')} need devices`);
  const byResource = podResourceMap(parseKubeletCheckpoint(text, path), uid);
  const used = new Map<string, number>();
  for (const r of wanting) {
    const name = r.resourceName!;
    const n = used.get(name) ?? 0;
    used.set(name, n + 1);
    const id = byResource.get(name)?.[n];
    if (id === undefined) {
      inv.log.warn('no device allocated for the network', { network: r.statusName, resourceName: name, allocated: byResource.get(name)?.length ?? 0 });
      continue;
    }
    r.capabilityArgs.deviceID = id;
    r.confList = { ...r.confList, plugins: r.confList.plugins.map((p) => ({ ...p, deviceID: id, pciBusID: id })) };
    const info = await readDeviceInfo(inv.deps.files, name, id);
    if (info) infos.set(id, info);
  }
  return infos;
}

async function podUid(inv: Invocation): Promise<string> {
  if (inv.pod?.uid) return inv.pod.uid;
  const kube = inv.kube();
  if (!inv.pod || !kube) {
    throw new CniError(CniCode.InvalidEnvironment, 'pod unknown', `networks with ${RESOURCE_NAME_ANNOTATION} need the pod's UID (K8S_POD_UID in CNI_ARGS, or the pod from the API)`);
  }
  const pod = await kube.getPod(inv.pod.namespace, inv.pod.name);
  const uid = pod.metadata?.uid;
  if (!uid) throw new CniError(CniCode.InvalidEnvironment, 'pod unknown', `pod ${inv.pod.namespace}/${inv.pod.name} has no UID`);
  return uid;
}
