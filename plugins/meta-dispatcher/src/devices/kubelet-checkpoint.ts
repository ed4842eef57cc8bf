import { CniCode, CniError } from '@plexus/cni-spec';
import { isJsonObject } from '@plexus/json-fields';

/** Where the kubelet's device manager writes its checkpoint (Multus reads the same file). */
export const KUBELET_DEVICE_CHECKPOINT = '/var/lib/kubelet/device-plugins/kubelet_internal_checkpoint';

/** One `PodDeviceEntries` element: the devices of one resource allocated to one container of a pod. */
export interface PodDeviceEntry {
  podUid: string;
  containerName: string;
  resourceName: string;
  deviceIds: string[];
}

/**
 * parseKubeletCheckpoint reads the kubelet's `kubelet_internal_checkpoint` (pure): `{"Data": {"PodDeviceEntries":
 * [...], "RegisteredDevices": {...}}, "Checksum": n}`. `DeviceIDs` is a list in kubelets before 1.20 and a map
 * NUMA node → list since; both are read (NUMA nodes in numeric order). A file that is not this shape is code 5
 * naming it: device allocation cannot be guessed.
 */
export function parseKubeletCheckpoint(text: string, path: string): PodDeviceEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw unreadable(path, `not JSON: ${(e as Error).message}`);
  }
  const data = isJsonObject(raw) ? raw.Data : undefined;
  if (!isJsonObject(data)) throw unreadable(path, 'no "Data" object');
  const entries = data.PodDeviceEntries ?? [];
  if (!Array.isArray(entries)) throw unreadable(path, '"Data.PodDeviceEntries" is not a list');
  return entries.map((e: unknown, i) => {
    const field = `Data.PodDeviceEntries[${i}]`;
    if (!isJsonObject(e)) throw unreadable(path, `${field} is not an object`);
    const podUid = e.PodUID;
    const resourceName = e.ResourceName;
    if (typeof podUid !== 'string' || typeof resourceName !== 'string') throw unreadable(path, `${field} lacks PodUID or ResourceName`);
    return { podUid, containerName: typeof e.ContainerName === 'string' ? e.ContainerName : '', resourceName, deviceIds: readDeviceIds(e.DeviceIDs, path, `${field}.DeviceIDs`) };
  });
}

function readDeviceIds(v: unknown, path: string, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map((id) => checkId(id, path, field));
  if (!isJsonObject(v)) throw unreadable(path, `${field} is neither a list nor a NUMA map`);
  return Object.keys(v)
    .sort((a, b) => Number(a) - Number(b))
    .flatMap((numa) => {
      const ids = v[numa];
      if (!Array.isArray(ids)) throw unreadable(path, `${field}["${numa}"] is not a list`);
      return ids.map((id) => checkId(id, path, field));
    });
}

function checkId(id: unknown, path: string, field: string): string {
  if (typeof id !== 'string' || id === '') throw unreadable(path, `${field} holds a non-string device ID`);
  return id;
}

/**
 * podResourceMap is resource name → device IDs of one pod, over all its containers, sorted (Multus hands the n-th
 * network using a resource the n-th ID of this sorted list).
 */
export function podResourceMap(entries: readonly PodDeviceEntry[], podUid: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of entries) {
    if (e.podUid !== podUid) continue;
    out.set(e.resourceName, [...(out.get(e.resourceName) ?? []), ...e.deviceIds]);
  }
  for (const ids of out.values()) ids.sort();
  return out;
}

function unreadable(path: string, problem: string): CniError {
  return new CniError(CniCode.IoFailure, 'unreadable kubelet device checkpoint', `${path}: ${problem}`);
}
