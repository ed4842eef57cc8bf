import { DISPATCHER_CONF_NAME } from '../options';

/**
 * findPrimaryConfName picks the primary network's conf as the runtime would without Plexus: the lexically first
 * `.conf`/`.conflist` in the conf dir (byte order, as Go's sort.Strings in libcni), skipping our own file, hidden
 * files and temp files of atomic writers. undefined = none yet (the primary plugin is not ready).
 */
export function findPrimaryConfName(entries: readonly string[]): string | undefined {
  return [...entries]
    .filter((n) => n !== DISPATCHER_CONF_NAME && !n.startsWith('.') && /\.(conf|conflist)$/.test(n))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[0];
}
