import { randomBytes } from 'node:crypto';
import type { ProcessIdentity } from './process-identity';

/**
 * A lock file holds one line naming its holder: `plexus-lock/2 <boot id> <pid> <start time> <random>`. The
 * identity tells a dead holder from a live one exactly (see ProcessIdentity); the random part makes sure a process
 * only ever removes its own lock. Older Plexus versions wrote `<pid> <random>`: those are still understood, so a
 * node can be upgraded while pods start (both versions must agree on who holds the one lock file).
 */
export type LockHolder = { kind: 'current'; identity: ProcessIdentity } | { kind: 'legacy'; pid: number } | { kind: 'unreadable' };

const TOKEN_TAG = 'plexus-lock/2';

/** formatLockToken builds a fresh token for `identity`. */
export function formatLockToken(identity: ProcessIdentity): string {
  return `${TOKEN_TAG} ${identity.bootId || '-'} ${identity.pid} ${identity.startTime || '-'} ${randomBytes(8).toString('hex')}`;
}

/** parseLockToken reads a lock file's content back; anything else (empty, garbage) is `unreadable`. */
export function parseLockToken(text: string): LockHolder {
  const parts = text.trim().split(' ');
  if (parts[0] === TOKEN_TAG && parts.length === 5 && /^\d+$/.test(parts[2]!)) {
    const bootId = parts[1] === '-' ? '' : parts[1]!;
    const startTime = parts[3] === '-' ? '' : parts[3]!;
    return { kind: 'current', identity: { bootId, pid: Number(parts[2]), startTime } };
  }
  if (parts.length === 2 && /^\d+$/.test(parts[0]!)) return { kind: 'legacy', pid: Number(parts[0]) };
  return { kind: 'unreadable' };
}

/**
 * Short-lived private files (a lock's token before it is linked into place, a takeover marker, an atomic write's
 * temp) end in `<boot id, 8 hex>-<pid>-<start time>-<random>`, so whoever finds one left by a kill -9 can tell
 * from its name alone whether its writer still runs.
 */
export function leftoverSuffix(identity: ProcessIdentity): string {
  return `${identity.bootId.slice(0, 8) || 'none'}-${identity.pid}-${identity.startTime || '0'}-${randomBytes(4).toString('hex')}`;
}

const CURRENT_SUFFIX = /[.-]([0-9a-f]{8}|none)-(\d+)-(\d+)-[0-9a-f]{8}$/;
/** What older versions appended: `<pid>-<random>`. */
const LEGACY_SUFFIX = /[.-](\d+)-[0-9a-f]{8}$/;

/** A leftover file's writer, as its name tells. */
export type LeftoverWriter = { kind: 'current'; identity: ProcessIdentity } | { kind: 'legacy'; pid: number };

/** parseLeftoverSuffix reads the writer out of a private file's name. */
export function parseLeftoverSuffix(name: string): LeftoverWriter | undefined {
  const m = CURRENT_SUFFIX.exec(name);
  if (m) {
    const startTime = m[3] === '0' ? '' : m[3]!;
    return { kind: 'current', identity: { bootId: m[1] === 'none' ? '' : m[1]!, pid: Number(m[2]), startTime } };
  }
  const l = LEGACY_SUFFIX.exec(name);
  return l ? { kind: 'legacy', pid: Number(l[1]) } : undefined;
}
