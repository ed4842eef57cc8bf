/** encodeNote builds one ELF note: Elf64_Nhdr (namesz, descsz, type), the NUL-terminated name, the desc, each padded to 4. */
export function encodeNote(name: string, desc: Buffer, type = 0): Buffer {
  const nameBytes = Buffer.from(`${name}\0`);
  const namePadded = align4(nameBytes.length);
  const out = Buffer.alloc(12 + namePadded + align4(desc.length));
  out.writeUInt32LE(nameBytes.length, 0);
  out.writeUInt32LE(desc.length, 4);
  out.writeUInt32LE(type, 8);
  nameBytes.copy(out, 12);
  desc.copy(out, 12 + namePadded);
  return out;
}

/** noteDescOffset is where the desc starts inside a note with this name (12-byte header + padded name). */
export function noteDescOffset(name: string): number {
  return 12 + align4(Buffer.byteLength(name) + 1);
}

/**
 * findNote walks the notes in `segment` the way postject's reader does at run time and returns the desc of the
 * first note whose name starts with `name`, or undefined.
 */
export function findNote(segment: Buffer, name: string): Buffer | undefined {
  for (let pos = 0; pos + 12 <= segment.length; ) {
    const namesz = segment.readUInt32LE(pos);
    const descsz = segment.readUInt32LE(pos + 4);
    const descAt = pos + 12 + align4(namesz);
    if (namesz && segment.subarray(pos + 12, pos + 12 + namesz).toString('latin1').replace(/\0+$/, '') === name) {
      return segment.subarray(descAt, descAt + descsz);
    }
    pos = descAt + align4(descsz);
  }
  return undefined;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
