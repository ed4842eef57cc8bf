import { PT_LOAD, PT_NOTE, PT_PHDR, encodeProgramHeaders, readElfLayout, type ProgramHeader } from './elf64';
import { encodeNote } from './elf-notes';
import { injectElfNote, readInjectedNote } from './inject-elf-note';
import { SEA_BLOB_NOTE, SEA_FUSE, flipSeaFuse } from './sea-fuse';
import { seaConfig, toSeaMain } from './sea-main';

/** fakeExecutable builds a small ELF-64 ET_EXEC laid out like node's: PHDR, two LOADs, a GNU note, the fuse. */
function fakeExecutable(): Buffer {
  const size = 0x3000;
  const elf = Buffer.alloc(size);
  elf.writeUInt32BE(0x7f454c46, 0);
  elf[4] = 2;
  elf[5] = 1;
  elf[6] = 1;
  elf.writeUInt16LE(2, 16);
  elf.writeUInt16LE(62, 18);
  elf.writeBigUInt64LE(64n, 32);
  elf.writeUInt16LE(64, 52);
  elf.writeUInt16LE(56, 54);
  elf.writeUInt16LE(4, 56);
  const base = 0x400000n;
  const headers: ProgramHeader[] = [
    { type: PT_PHDR, flags: 4, offset: 64n, vaddr: base + 64n, paddr: base + 64n, filesz: 224n, memsz: 224n, align: 8n },
    { type: PT_LOAD, flags: 5, offset: 0n, vaddr: base, paddr: base, filesz: 0x2000n, memsz: 0x2000n, align: 0x1000n },
    { type: PT_LOAD, flags: 6, offset: 0x2000n, vaddr: base + 0x2000n, paddr: base + 0x2000n, filesz: 0x800n, memsz: 0x5000n, align: 0x1000n },
    { type: PT_NOTE, flags: 4, offset: 0x400n, vaddr: base + 0x400n, paddr: base + 0x400n, filesz: 0x20n, memsz: 0x20n, align: 4n },
  ];
  encodeProgramHeaders(headers).copy(elf, 64);
  encodeNote('GNU', Buffer.alloc(16, 1), 3).copy(elf, 0x400);
  Buffer.from(`${SEA_FUSE}:0`).copy(elf, 0x1000);
  return elf;
}

describe('injectElfNote', () => {
  const original = fakeExecutable();
  const blob = Buffer.from('the SEA blob, 31 bytes long....');
  const out = injectElfNote(original, SEA_BLOB_NOTE, blob);
  const layout = readElfLayout(out);
  const [phdr, , , newLoad] = layout.headers;

  it('keeps every original byte except e_phoff/e_phnum and appends a page-aligned segment', () => {
    expect(out.subarray(64, original.length)).toEqual(original.subarray(64));
    expect(out.subarray(0, 32)).toEqual(original.subarray(0, 32));
    expect(layout.phoff % 0x1000).toBe(0);
    expect(layout.phoff).toBeGreaterThanOrEqual(original.length);
    expect(layout.phnum).toBe(6);
  });

  it('adds a PT_LOAD above every other segment, with the first segment\'s offset-to-address difference', () => {
    expect(layout.headers.map((h) => h.type)).toEqual([PT_PHDR, PT_LOAD, PT_LOAD, PT_LOAD, PT_NOTE, PT_NOTE]);
    expect(newLoad).toMatchObject({ offset: BigInt(layout.phoff), flags: 4, align: 0x1000n });
    expect(newLoad!.vaddr - newLoad!.offset).toBe(0x400000n);
    expect(newLoad!.vaddr).toBeGreaterThanOrEqual(0x400000n + 0x2000n + 0x5000n);
    expect(BigInt(out.length)).toBe(newLoad!.offset + newLoad!.filesz);
  });

  it('moves PT_PHDR to the new table, inside the new segment', () => {
    expect(phdr).toMatchObject({ offset: newLoad!.offset, vaddr: newLoad!.vaddr, filesz: 6n * 56n, memsz: 6n * 56n });
  });

  it('makes the blob reachable through PT_NOTE, 8-byte aligned, as the run-time reader walks it', () => {
    expect(readInjectedNote(out, SEA_BLOB_NOTE)).toEqual(blob);
    const note = layout.headers[5]!;
    expect(note.offset >= newLoad!.offset && note.offset + note.filesz <= newLoad!.offset + newLoad!.filesz).toBe(true);
    expect(note.vaddr - note.offset).toBe(0x400000n);
    expect(out.indexOf(blob) % 8).toBe(0);
    expect(readInjectedNote(out, 'GNU')).toEqual(Buffer.alloc(16, 1));
  });

  it('refuses a second injection and anything that is not a 64-bit ELF executable', () => {
    expect(() => injectElfNote(out, SEA_BLOB_NOTE, blob)).toThrow('already contains a "NODE_SEA_BLOB" note');
    expect(() => injectElfNote(Buffer.from('#!/usr/bin/env node\n'.padEnd(80)), SEA_BLOB_NOTE, blob)).toThrow('not an ELF file');
    const elf32 = fakeExecutable();
    elf32[4] = 1;
    expect(() => injectElfNote(elf32, SEA_BLOB_NOTE, blob)).toThrow('only 64-bit little-endian');
  });
});

describe('flipSeaFuse', () => {
  it('sets the fuse once, and refuses binaries without it or already flipped', () => {
    const flipped = flipSeaFuse(fakeExecutable());
    expect(flipped.includes(`${SEA_FUSE}:1`)).toBe(true);
    expect(flipped.includes(`${SEA_FUSE}:0`)).toBe(false);
    expect(() => flipSeaFuse(flipped)).toThrow('already a single-executable application');
    expect(() => flipSeaFuse(Buffer.alloc(100))).toThrow('no SEA fuse');
  });
});

describe('toSeaMain / seaConfig', () => {
  it('drops the shebang (a syntax error inside the CommonJS wrapper) and keeps the marker', () => {
    expect(toSeaMain('#!/usr/bin/env node\n// plexus-plugin-api:1 static-ipam\n"use strict";\n')).toBe('// plexus-plugin-api:1 static-ipam\n"use strict";\n');
    expect(toSeaMain('"use strict";\n')).toBe('"use strict";\n');
  });

  it('writes the SEA config node --experimental-sea-config reads', () => {
    expect(JSON.parse(seaConfig('/w/main.cjs', '/w/blob', true))).toEqual({ main: '/w/main.cjs', output: '/w/blob', disableExperimentalSEAWarning: true, useCodeCache: true });
  });
});
