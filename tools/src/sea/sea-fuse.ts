/**
 * The sentinel Node checks to know it is a single-executable application: the string ends in ":0" in a plain
 * node binary and must read ":1" once a blob is injected (postject's --sentinel-fuse does the same flip).
 */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** The note name Node looks up for the SEA blob. */
export const SEA_BLOB_NOTE = 'NODE_SEA_BLOB';

/** flipSeaFuse returns a copy of the binary with the fuse set; a binary without an unset fuse is refused. */
export function flipSeaFuse(binary: Buffer): Buffer {
  const unset = Buffer.from(`${SEA_FUSE}:0`);
  const at = binary.indexOf(unset);
  if (at < 0) {
    throw new Error(binary.includes(`${SEA_FUSE}:1`) ? 'the binary is already a single-executable application' : 'no SEA fuse in the binary: this node build cannot make single-executable applications');
  }
  if (binary.indexOf(unset, at + 1) >= 0) throw new Error('the SEA fuse occurs twice in the binary');
  const out = Buffer.from(binary);
  out[at + unset.length - 1] = 0x31; // '1'
  return out;
}
