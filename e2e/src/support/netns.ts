import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** A throwaway network namespace made by `ip netns add` (so it has a path under /var/run/netns). */
export interface TestNetns {
  name: string;
  path: string;
}

/** What one `ip` run produced. */
export interface IpOutput {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * uniqueName returns `<prefix>-<random hex>`, at most 15 characters when the prefix allows, so the same helper
 * names netns and links (IFNAMSIZ). Tests pass their own prefix so leftovers can be traced to their owner.
 */
export function uniqueName(prefix: string, hexChars = 6): string {
  return `${prefix}-${randomBytes(8).toString('hex').slice(0, hexChars)}`;
}

/** createNetns adds a fresh netns `<prefix>-<random>` and brings its `lo` up. */
export function createNetns(prefix: string): TestNetns {
  const name = uniqueName(prefix);
  ipOk(undefined, ['netns', 'add', name]);
  ipOk({ name, path: `/var/run/netns/${name}` }, ['link', 'set', 'lo', 'up']);
  return { name, path: `/var/run/netns/${name}` };
}

/** deleteNetns removes a netns made by createNetns; a missing one is fine (a test may have removed it). */
export function deleteNetns(ns: TestNetns | undefined): void {
  if (!ns) return;
  spawnSync('ip', ['netns', 'del', ns.name], { encoding: 'utf8' });
}

/** netnsExists tells whether `ip netns` still lists it. */
export function netnsExists(ns: TestNetns): boolean {
  return ip(undefined, ['netns', 'list']).stdout.split('\n').some((l) => l.split(' ')[0] === ns.name);
}

/** ip runs `ip [-n NAME] args…` and returns its output whatever the exit code. */
export function ip(ns: TestNetns | undefined, args: string[], input?: string): IpOutput {
  const full = ns ? ['-n', ns.name, ...args] : args;
  const out = spawnSync('ip', full, { encoding: 'utf8', input });
  if (out.error) throw out.error;
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

/** ipOk runs `ip` and throws with its stderr when it fails. */
export function ipOk(ns: TestNetns | undefined, args: string[]): string {
  const out = ip(ns, args);
  if (out.status !== 0) throw new Error(`ip ${ns ? `-n ${ns.name} ` : ''}${args.join(' ')} failed: ${out.stderr}`);
  return out.stdout;
}

/** ipJson runs `ip -j args…` inside the netns and parses the output (an empty output is an empty list). */
export function ipJson<T = Array<Record<string, unknown>>>(ns: TestNetns | undefined, args: string[]): T {
  const out = ip(ns, ['-j', ...args]);
  // `ip route show table N` of a table that does not exist yet fails: for a test that is "no routes".
  if (out.status !== 0 && /FIB table does not exist/.test(out.stderr)) return [] as T;
  if (out.status !== 0) throw new Error(`ip -j ${args.join(' ')} failed: ${out.stderr}`);
  return (out.stdout.trim() ? JSON.parse(out.stdout) : []) as T;
}

/** kernelCanCreate probes, in a netns of its own, whether this kernel has a link type (dummy, ipvlan…). */
export function kernelCanCreate(kind: string): boolean {
  const probe = createNetns('plxprobe');
  try {
    return ip(probe, ['link', 'add', 'probe0', 'type', kind]).status === 0;
  } finally {
    deleteNetns(probe);
  }
}
