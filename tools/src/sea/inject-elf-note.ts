import { ElfFormatError, PROGRAM_HEADER_SIZE, PT_LOAD, PT_NOTE, PT_PHDR, encodeProgramHeaders, readElfLayout, type ProgramHeader } from './elf64';
import { encodeNote, findNote, noteDescOffset } from './elf-notes';

const PAGE = 0x1000n;

/**
 * injectElfNote adds a read-only note named `name` holding `desc` to an ELF executable, so that at run time it is
 * reachable through the main program's PT_NOTE program headers — where Node's single-executable support looks for
 * its `NODE_SEA_BLOB` (postject's reader walks dl_iterate_phdr's PT_NOTE entries). This is what `postject` does on
 * Linux, done without LIEF:
 *
 * - a new page-aligned segment is appended at the end of the file, mapped by a new PT_LOAD above every existing
 *   one; it holds a copy of the program header table (two entries longer) and the note;
 * - the new PT_NOTE points at the note, PT_PHDR and e_phoff at the moved table.
 *
 * The segment's address keeps the first segment's offset-to-address difference, so the kernel's AT_PHDR is right
 * with both its old (load address + e_phoff) and new (the PT_LOAD that contains e_phoff) computation, and the
 * dynamic loader's load bias (AT_PHDR − PT_PHDR.p_vaddr) is unchanged. Everything already in the file stays at
 * its offset, so section headers and debug info stay valid. Pure: returns a new buffer.
 */
export function injectElfNote(elf: Buffer, name: string, desc: Buffer): Buffer {
  const layout = readElfLayout(elf);
  const headers = layout.headers;
  if (hasNote(elf, headers, name)) throw new ElfFormatError(`the binary already contains a "${name}" note`);
  const loads = headers.filter((h) => h.type === PT_LOAD);
  if (loads.length === 0) throw new ElfFormatError('no PT_LOAD segment');
  const bias = loads[0]!.vaddr - loads[0]!.offset;
  const highest = loads.reduce((m, h) => (h.vaddr + h.memsz > m ? h.vaddr + h.memsz : m), 0n);

  let segOffset = alignUp(BigInt(elf.length), PAGE);
  while (segOffset + bias < alignUp(highest, PAGE)) segOffset += PAGE;
  const segVaddr = segOffset + bias;

  const tableSize = (headers.length + 2) * PROGRAM_HEADER_SIZE;
  // Put the note where its desc (the blob) lands on an 8-byte boundary.
  let noteAt = alignUp(BigInt(tableSize), 8n);
  if ((noteAt + BigInt(noteDescOffset(name))) % 8n !== 0n) noteAt += 4n;
  const note = encodeNote(name, desc);
  const segSize = noteAt + BigInt(note.length);

  const newLoad: ProgramHeader = { type: PT_LOAD, flags: 4, offset: segOffset, vaddr: segVaddr, paddr: segVaddr, filesz: segSize, memsz: segSize, align: PAGE };
  const newNote: ProgramHeader = {
    type: PT_NOTE,
    flags: 4,
    offset: segOffset + noteAt,
    vaddr: segVaddr + noteAt,
    paddr: segVaddr + noteAt,
    filesz: BigInt(note.length),
    memsz: BigInt(note.length),
    align: 4n,
  };
  // PT_LOAD entries must stay sorted by address: the new one goes right after the last existing PT_LOAD.
  const lastLoad = headers.map((h) => h.type).lastIndexOf(PT_LOAD);
  const table = [...headers.slice(0, lastLoad + 1), newLoad, ...headers.slice(lastLoad + 1), newNote].map((h) =>
    h.type === PT_PHDR ? { ...h, offset: segOffset, vaddr: segVaddr, paddr: segVaddr, filesz: BigInt(tableSize), memsz: BigInt(tableSize) } : h,
  );

  const out = Buffer.alloc(Number(segOffset + segSize));
  elf.copy(out, 0);
  encodeProgramHeaders(table).copy(out, Number(segOffset));
  note.copy(out, Number(segOffset + noteAt));
  out.writeBigUInt64LE(segOffset, 32);
  out.writeUInt16LE(table.length, 56);
  return out;
}

/**
 * readInjectedNote finds a note by name through the program headers the way the run-time reader does (for tests
 * and for checking a built binary).
 */
export function readInjectedNote(elf: Buffer, name: string): Buffer | undefined {
  const { headers } = readElfLayout(elf);
  for (const h of headers) {
    if (h.type !== PT_NOTE) continue;
    const found = findNote(elf.subarray(Number(h.offset), Number(h.offset + h.filesz)), name);
    if (found) return found;
  }
  return undefined;
}

function hasNote(elf: Buffer, headers: ProgramHeader[], name: string): boolean {
  return headers.some((h) => h.type === PT_NOTE && findNote(elf.subarray(Number(h.offset), Number(h.offset + h.filesz)), name) !== undefined);
}

function alignUp(n: bigint, a: bigint): bigint {
  return ((n + a - 1n) / a) * a;
}
