import { CniCode, CniError } from './errors';

const CONTAINER_ID_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * The longest container id a new attachment may have, in bytes. Runtimes send 64 hex digits (containerd, CRI-O,
 * Docker) or cnitool's `cnitool-` + 20; the spec sets no limit, but ids end up in file names and a name over 255
 * bytes is ENAMETOOLONG. Stores hash long ids into their file names anyway (so DEL and CHECK of such an id work);
 * ADD refuses them so no new state is keyed by one.
 */
export const MAX_CONTAINER_ID_BYTES = 192;

/** validateContainerId applies Go's utils.ValidateContainerID (code 4, names CNI_CONTAINERID). */
export function validateContainerId(id: string): void {
  if (!CONTAINER_ID_RE.test(id)) {
    throw new CniError(CniCode.InvalidEnvironment, 'invalid CNI_CONTAINERID', `"${shorten(id)}" must match ${CONTAINER_ID_RE.source}`);
  }
}

/** checkContainerIdLength refuses an id longer than MAX_CONTAINER_ID_BYTES (code 4, names CNI_CONTAINERID). */
export function checkContainerIdLength(id: string): void {
  const bytes = Buffer.byteLength(id);
  if (bytes > MAX_CONTAINER_ID_BYTES) {
    throw new CniError(CniCode.InvalidEnvironment, 'invalid CNI_CONTAINERID', `"${shorten(id)}" is ${bytes} bytes long; at most ${MAX_CONTAINER_ID_BYTES} are allowed`);
  }
}

/** shorten keeps an error message readable when the offending value is huge. */
function shorten(s: string): string {
  return s.length > 80 ? `${s.slice(0, 64)}…(${s.length} characters)` : s;
}

/**
 * validateIfName applies the kernel's and Go's rules for an interface name: 1–15 bytes, not `.`/`..`, no `/`, `:`
 * or whitespace. `field` names where the name came from (CNI_IFNAME, a config key…).
 */
export function validateIfName(name: string, field = 'CNI_IFNAME', code: number = CniCode.InvalidEnvironment): void {
  const problem = ifNameProblem(name);
  if (problem) throw new CniError(code, `invalid ${field}`, `interface name "${name}" ${problem}`);
}

/** ifNameProblem returns why a name is not a usable interface name, or undefined when it is. */
export function ifNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (Buffer.byteLength(name) > 15) return 'is longer than 15 characters';
  if (name === '.' || name === '..') return 'is reserved';
  if (/[/:\s]/.test(name)) return 'contains "/", ":" or whitespace';
  return undefined;
}
