import { CoreCode, coreError } from '../core/core-errors';
import { CHECKPOINT_KIND, CHECKPOINT_VERSION, type Checkpoint } from './checkpoint';

/**
 * parseCheckpoint reads a checkpoint file and checks the fields DEL relies on. Anything unexpected is code 102
 * naming the file: a DEL must never succeed silently on a checkpoint it could not read (Multus' corrupt-cache
 * leak, k8snetworkplumbingwg/multus-cni#948).
 */
export function parseCheckpoint(text: string, path: string): Checkpoint {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw unreadable(path, `not JSON (${(e as Error).message})`);
  }
  if (!isObject(raw)) throw unreadable(path, 'not a JSON object');
  if (raw.kind !== CHECKPOINT_KIND) throw unreadable(path, `kind is ${JSON.stringify(raw.kind)}, expected "${CHECKPOINT_KIND}"`);
  if (raw.version !== CHECKPOINT_VERSION) throw unreadable(path, `version ${JSON.stringify(raw.version)} is not ${CHECKPOINT_VERSION}`);
  for (const key of ['containerId', 'netns', 'ifName', 'cniVersion'] as const) {
    if (typeof raw[key] !== 'string') throw unreadable(path, `"${key}" must be a string`);
  }
  if (raw.phase !== 'planned' && raw.phase !== 'added') throw unreadable(path, `"phase" is ${JSON.stringify(raw.phase)}`);
  if (!Array.isArray(raw.attachments)) throw unreadable(path, '"attachments" must be a list');
  if (!Array.isArray(raw.reservations)) throw unreadable(path, '"reservations" must be a list');
  raw.attachments.forEach((a, i) => checkAttachment(a, `attachments[${i}]`, path));
  raw.reservations.forEach((r, i) => checkReservation(r, `reservations[${i}]`, path));
  return raw as unknown as Checkpoint;
}

function checkAttachment(a: unknown, field: string, path: string): void {
  if (!isObject(a)) throw unreadable(path, `${field} must be an object`);
  if (typeof a.index !== 'number' || typeof a.ifName !== 'string' || typeof a.network !== 'string') {
    throw unreadable(path, `${field} needs "index", "ifName" and "network"`);
  }
  if (a.config !== undefined && typeof a.config !== 'string') throw unreadable(path, `${field}.config must be a string`);
  if (!Array.isArray(a.cniArgs) || !a.cniArgs.every((p) => Array.isArray(p) && p.length === 2 && p.every((s) => typeof s === 'string'))) {
    throw unreadable(path, `${field}.cniArgs must be a list of [key, value] pairs`);
  }
  if (!isObject(a.capabilityArgs)) throw unreadable(path, `${field}.capabilityArgs must be an object`);
  if (a.result !== undefined && !isObject(a.result)) throw unreadable(path, `${field}.result must be an object`);
}

function checkReservation(r: unknown, field: string, path: string): void {
  if (!isObject(r) || typeof r.id !== 'string') throw unreadable(path, `${field} must be an object with an "id"`);
  if (r.kind === 'danm') {
    if (!isObject(r.network) || !isObject(r.owner)) throw unreadable(path, `${field} needs "network" and "owner"`);
    return;
  }
  if (r.kind === 'multi-nic-ipam') {
    if (typeof r.type !== 'string' || typeof r.ifName !== 'string' || typeof r.config !== 'string' || !Array.isArray(r.cniArgs)) {
      throw unreadable(path, `${field} needs "type", "ifName", "config" and "cniArgs"`);
    }
    return;
  }
  throw unreadable(path, `${field}.kind ${JSON.stringify(r.kind)} is unknown`);
}

function unreadable(path: string, problem: string) {
  return coreError(CoreCode.CheckpointUnreadable, 'unreadable checkpoint', {}, `${path}: ${problem}; fix or remove the file, then retry`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
