import { NetlinkError } from './errors';

const KEY_RE = /^[a-zA-Z0-9_./-]+$/;

/**
 * sysctlPath maps a sysctl key to its file under /proc/sys. Dotted keys become paths (`net.ipv4.ip_forward`);
 * a key that already contains `/` is taken as a path, which is how to name an interface with a dot in it
 * (`net/ipv4/conf/eth0.100/rp_filter`). Keys are checked against `^[a-zA-Z0-9_./-]+$` and may not contain `..`,
 * so nothing outside /proc/sys can be named.
 */
export function sysctlPath(key: string): string {
  if (!KEY_RE.test(key) || key.split(/[./]/).includes('..') || key.includes('..') || key.startsWith('/') || key.startsWith('.')) {
    throw new NetlinkError(`invalid sysctl key "${key}": must match ${KEY_RE.source} without ".." or a leading "/" or "."`, 'sysctl', '', 'invalid');
  }
  const rel = key.includes('/') ? key : key.replace(/\./g, '/');
  return `/proc/sys/${rel}`;
}
