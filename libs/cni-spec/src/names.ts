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
 * validateIfName applies the kernel's rule for an interface name (see ifNameProblem). `field` names where the name
 * came from (CNI_IFNAME, a config key…).
 */
export function validateIfName(name: string, field = 'CNI_IFNAME', code: number = CniCode.InvalidEnvironment): void {
  const problem = ifNameProblem(name);
  if (problem) throw new CniError(code, `invalid ${field}`, `interface name ${quoteIfName(name)} ${problem}`);
}

/** The bytes the kernel's isspace() accepts as space (lib/ctype.c: 0x09–0x0D, 0x20 and Latin-1's NBSP 0xA0). */
const KERNEL_SPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]);

/**
 * ifNameProblem returns why a name is not a usable interface name, or undefined when it is. It is Linux's
 * dev_valid_name applied to the UTF-8 bytes the name is passed on as: 1–15 bytes, not `.`/`..`, and no byte that
 * is `/`, `:`, NUL or a kernel space — the kernel's ctype table counts 0xA0 as space, so `ethà` (65 74 68 C3 A0)
 * is refused too. Two more rules keep a name the same all the way to the kernel: it must be valid UTF-8 (names
 * travel in JSON and env; a lone surrogate or U+FFFD is what a broken byte sequence decodes to), and it must not
 * hold `%`, which the kernel takes as a template (`net%d` becomes `net0`, any other `%` is EINVAL), so DEL would
 * never find the interface ADD created. Whitespace is also refused in Go's sense (unicode.IsSpace, e.g. U+3000):
 * the reference plugins refuse such a CNI_IFNAME even on DEL, so a name they cannot delete must never be planned.
 */
export function ifNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (/[\p{Cs}\uFFFD]/u.test(name)) return 'is not valid UTF-8';
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length > 15) {
    return bytes.length === name.length ? 'is longer than 15 characters' : `is longer than 15 characters (${bytes.length} bytes in UTF-8; the kernel counts bytes)`;
  }
  if (name === '.' || name === '..') return 'is reserved';
  if (name.includes('\0')) return 'contains a NUL byte';
  if (/[/:\s\u0085]/.test(name)) return 'contains "/", ":" or whitespace';
  if (name.includes('%')) return 'contains "%", which the kernel takes as a name template';
  const space = bytes.find((b) => KERNEL_SPACE.has(b));
  if (space !== undefined) return `contains byte 0x${space.toString(16).toUpperCase()} in its UTF-8 form, which the kernel counts as a space`;
  return undefined;
}

/**
 * unusableIfNameProblem is ifNameProblem without the `%` rule: why no interface — and no IPAM record keyed on the
 * name — can exist under it, or undefined. A DEL for such a name has nothing to undo. A `%` name is refused on ADD
 * only because the kernel renames it; an older ADD may have run with one, so its DEL must still run.
 */
export function unusableIfNameProblem(name: string): string | undefined {
  const problem = ifNameProblem(name);
  return problem && name.includes('%') ? ifNameProblem(name.replaceAll('%', 'x')) : problem;
}

/** quoteIfName shows a name in a message with control characters escaped (a NUL must not cut a log line). */
export function quoteIfName(name: string): string {
  return JSON.stringify(name);
}
