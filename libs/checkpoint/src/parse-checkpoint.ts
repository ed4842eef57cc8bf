import { CniError, validateContainerId } from '@plexus/cni-spec';
import { parseNetworkConfig } from '@plexus/conflist';
import { isJsonObject } from '@plexus/json-fields';
import { CHECKPOINT_KIND, CHECKPOINT_VERSION, type Checkpoint } from './checkpoint-types';

/** The code of a checkpoint that exists but cannot be read (plugin range; the dispatcher's DispatcherCode 102). */
export const CHECKPOINT_UNREADABLE = 102;

/**
 * parseCheckpoint reads a checkpoint file and checks every field a DEL, CHECK or GC relies on — including that each
 * recorded config still parses — so a damaged file is refused here, naming the file and the field, and never
 * half-way through a replay or in the middle of a GC of everyone else's pods. Anything unexpected is code 102: a DEL
 * must never succeed silently on a checkpoint it could not read (Multus' corrupt-cache leak,
 * k8snetworkplumbingwg/multus-cni#948).
 */
export function parseCheckpoint(text: string, path: string): Checkpoint {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw unreadableCheckpoint(path, `not JSON (${(e as Error).message})`);
  }
  if (!isJsonObject(raw)) throw unreadableCheckpoint(path, 'not a JSON object');
  if (raw.kind !== CHECKPOINT_KIND) throw unreadableCheckpoint(path, `kind is ${JSON.stringify(raw.kind)}, expected "${CHECKPOINT_KIND}"`);
  if (raw.version !== CHECKPOINT_VERSION) throw unreadableCheckpoint(path, `version ${JSON.stringify(raw.version)} is not ${CHECKPOINT_VERSION}`);
  for (const key of ['containerId', 'netns', 'ifName', 'cniVersion'] as const) {
    if (typeof raw[key] !== 'string') throw unreadableCheckpoint(path, `"${key}" must be a string`);
  }
  try {
    validateContainerId(raw.containerId as string);
  } catch (e) {
    throw unreadableCheckpoint(path, `"containerId": ${(e as CniError).details ?? (e as Error).message}`);
  }
  if (raw.phase !== 'planned' && raw.phase !== 'added') throw unreadableCheckpoint(path, `"phase" is ${JSON.stringify(raw.phase)}`);
  if (raw.pod !== undefined && (!isJsonObject(raw.pod) || typeof raw.pod.namespace !== 'string' || typeof raw.pod.name !== 'string')) {
    throw unreadableCheckpoint(path, '"pod" must be an object with "namespace" and "name"');
  }
  if (!Array.isArray(raw.attachments)) throw unreadableCheckpoint(path, '"attachments" must be a list');
  if (!Array.isArray(raw.reservations)) throw unreadableCheckpoint(path, '"reservations" must be a list');
  raw.attachments.forEach((a, i) => checkAttachment(a, `attachments[${i}]`, path));
  raw.reservations.forEach((r, i) => checkReservation(r, `reservations[${i}]`, path));
  return raw as unknown as Checkpoint;
}

/** unreadableCheckpoint is the code-102 error naming the file and what is wrong with it. */
export function unreadableCheckpoint(path: string, problem: string): CniError {
  return new CniError(CHECKPOINT_UNREADABLE, 'unreadable checkpoint', `${path}: ${problem}; fix or remove the file, then retry`);
}

function checkAttachment(a: unknown, field: string, path: string): void {
  if (!isJsonObject(a)) throw unreadableCheckpoint(path, `${field} must be an object`);
  if (typeof a.index !== 'number' || typeof a.ifName !== 'string' || typeof a.network !== 'string') {
    throw unreadableCheckpoint(path, `${field} needs "index", "ifName" and "network"`);
  }
  if (a.config !== undefined) {
    if (typeof a.config !== 'string') throw unreadableCheckpoint(path, `${field}.config must be a string`);
    try {
      parseNetworkConfig(a.config);
    } catch (e) {
      throw unreadableCheckpoint(path, `${field}.config: ${(e as Error).message}`);
    }
  }
  if (!isPairList(a.cniArgs)) throw unreadableCheckpoint(path, `${field}.cniArgs must be a list of [key, value] pairs`);
  if (!isJsonObject(a.capabilityArgs)) throw unreadableCheckpoint(path, `${field}.capabilityArgs must be an object`);
  if (a.result !== undefined && !isJsonObject(a.result)) throw unreadableCheckpoint(path, `${field}.result must be an object`);
}

function checkReservation(r: unknown, field: string, path: string): void {
  if (!isJsonObject(r) || typeof r.id !== 'string') throw unreadableCheckpoint(path, `${field} must be an object with an "id"`);
  if (r.kind === 'danm') {
    if (!isJsonObject(r.network) || !isJsonObject(r.owner)) throw unreadableCheckpoint(path, `${field} needs "network" and "owner"`);
    return;
  }
  if (r.kind === 'multi-nic-ipam') {
    if (typeof r.type !== 'string' || typeof r.ifName !== 'string' || typeof r.config !== 'string' || !isPairList(r.cniArgs)) {
      throw unreadableCheckpoint(path, `${field} needs "type", "ifName", "config" and "cniArgs"`);
    }
    let config: unknown;
    try {
      config = JSON.parse(r.config);
    } catch (e) {
      throw unreadableCheckpoint(path, `${field}.config is not JSON (${(e as Error).message})`);
    }
    if (!isJsonObject(config)) throw unreadableCheckpoint(path, `${field}.config must be a JSON object`);
    return;
  }
  throw unreadableCheckpoint(path, `${field}.kind ${JSON.stringify(r.kind)} is unknown`);
}

function isPairList(v: unknown): v is Array<[string, string]> {
  return Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && p.every((s) => typeof s === 'string'));
}
