import { CniCode, CniError } from './errors';

const CONTAINER_ID_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** validateContainerId applies Go's utils.ValidateContainerID (code 4, names CNI_CONTAINERID). */
export function validateContainerId(id: string): void {
  if (!CONTAINER_ID_RE.test(id)) {
    throw new CniError(CniCode.InvalidEnvironment, 'invalid CNI_CONTAINERID', `"${id}" must match ${CONTAINER_ID_RE.source}`);
  }
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
