/** The ELF facts the SEA injector needs (ELF-64, little-endian; Node ships x86-64 and arm64 Linux binaries as such). */

export const PT_LOAD = 1;
export const PT_NOTE = 4;
export const PT_PHDR = 6;
const PHDR_SIZE = 56;

/** One program header (ELF-64 Elf64_Phdr). */
export interface ProgramHeader {
  type: number;
  flags: number;
  offset: bigint;
  vaddr: bigint;
  paddr: bigint;
  filesz: bigint;
  memsz: bigint;
  align: bigint;
}

/** The header fields that locate the program header table. */
export interface ElfLayout {
  /** 2 = ET_EXEC (fixed address), 3 = ET_DYN (PIE). */
  fileType: number;
  phoff: number;
  phnum: number;
  headers: ProgramHeader[];
}

/** ElfFormatError: the file is not an executable this injector understands. */
export class ElfFormatError extends Error {
  override name = 'ElfFormatError';
}

/** readElfLayout parses the ELF header and program headers of an ELF-64 little-endian executable (pure). */
export function readElfLayout(elf: Buffer): ElfLayout {
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46) throw new ElfFormatError('not an ELF file');
  if (elf[4] !== 2 || elf[5] !== 1) throw new ElfFormatError('only 64-bit little-endian ELF is supported');
  const fileType = elf.readUInt16LE(16);
  if (fileType !== 2 && fileType !== 3) throw new ElfFormatError(`ELF type ${fileType} is not an executable`);
  if (elf.readUInt16LE(54) !== PHDR_SIZE) throw new ElfFormatError('unexpected program header size');
  const phoff = Number(elf.readBigUInt64LE(32));
  const phnum = elf.readUInt16LE(56);
  if (phoff + phnum * PHDR_SIZE > elf.length) throw new ElfFormatError('program header table is outside the file');
  const headers: ProgramHeader[] = [];
  for (let i = 0; i < phnum; i++) headers.push(readProgramHeader(elf, phoff + i * PHDR_SIZE));
  return { fileType, phoff, phnum, headers };
}

/** encodeProgramHeaders serializes a program header table. */
export function encodeProgramHeaders(headers: readonly ProgramHeader[]): Buffer {
  const out = Buffer.alloc(headers.length * PHDR_SIZE);
  headers.forEach((h, i) => {
    const o = i * PHDR_SIZE;
    out.writeUInt32LE(h.type, o);
    out.writeUInt32LE(h.flags, o + 4);
    out.writeBigUInt64LE(h.offset, o + 8);
    out.writeBigUInt64LE(h.vaddr, o + 16);
    out.writeBigUInt64LE(h.paddr, o + 24);
    out.writeBigUInt64LE(h.filesz, o + 32);
    out.writeBigUInt64LE(h.memsz, o + 40);
    out.writeBigUInt64LE(h.align, o + 48);
  });
  return out;
}

/** programHeaderSize is the size of one table entry. */
export const PROGRAM_HEADER_SIZE = PHDR_SIZE;

function readProgramHeader(elf: Buffer, o: number): ProgramHeader {
  return {
    type: elf.readUInt32LE(o),
    flags: elf.readUInt32LE(o + 4),
    offset: elf.readBigUInt64LE(o + 8),
    vaddr: elf.readBigUInt64LE(o + 16),
    paddr: elf.readBigUInt64LE(o + 24),
    filesz: elf.readBigUInt64LE(o + 32),
    memsz: elf.readBigUInt64LE(o + 40),
    align: elf.readBigUInt64LE(o + 48),
  };
}
