import { createHash } from 'node:crypto';

/**
 * The longest file name used as is. NAME_MAX is 255 bytes, but FileStore's temp files (`.<name>.tmp-<pid>-<hex>`)
 * and lock files add up to ~30 bytes around it, so the margin keeps those under the limit too.
 */
export const MAX_PLAIN_FILE_NAME_BYTES = 200;

/** The prefix of a hashed file name. It starts with `_`, which no CNI name (container id, network) may start with. */
export const HASHED_FILE_NAME_PREFIX = '_sha256-';

/**
 * boundedFileName returns `plain` when it fits MAX_PLAIN_FILE_NAME_BYTES, else `_sha256-<hex of key>` + `suffix`:
 * over-long ids (a container id may be any length) would otherwise fail with ENAMETOOLONG on every ADD, DEL and
 * CHECK. Readers find the real id inside the file. `key` must identify the entry (the hash input), `suffix` is kept
 * so the file's kind stays visible.
 */
export function boundedFileName(plain: string, key: string, suffix = ''): string {
  if (Buffer.byteLength(plain) <= MAX_PLAIN_FILE_NAME_BYTES) return plain;
  return `${HASHED_FILE_NAME_PREFIX}${createHash('sha256').update(key).digest('hex')}${suffix}`;
}
