import { parseIp } from '@plexus/ip';
import { checkToken } from './commands';

/** One `ip [-4|-6] -batch -` run: a family flag and the command lines it gets on stdin. */
export interface BatchGroup {
  flag?: '-4' | '-6';
  /** Index of the group's first command in the caller's list. */
  offset: number;
  commands: string[][];
}

/**
 * planBatch splits a command list into as few `ip -batch` runs as order allows. A command's leading `-4`/`-6` is
 * an option of the whole run (iproute2 has no per-line options), so a change of family starts a new run;
 * commands without a flag (`link set …`) work under either and join the current run, except those whose family
 * iproute2 infers (a `rule` is IPv4; a `route`/`addr` has its address's): run under `-6`, an IPv4 one would fail.
 */
export function planBatch(commands: readonly string[][]): BatchGroup[] {
  const groups: BatchGroup[] = [];
  let current: BatchGroup | undefined;
  // Families of the current run's unflagged commands that iproute2 infers (they must never run under the other flag).
  let inferred = new Set<'-4' | '-6'>();
  commands.forEach((cmd, i) => {
    const flag = cmd[0] === '-4' || cmd[0] === '-6' ? cmd[0] : undefined;
    const body = flag ? cmd.slice(1) : [...cmd];
    body.forEach((t) => checkToken(t, 'batch argument'));
    const implied = flag ? undefined : implicitFamily(body);
    const clash =
      (flag !== undefined && ((current?.flag !== undefined && current.flag !== flag) || [...inferred].some((f) => f !== flag))) ||
      (implied !== undefined && current?.flag !== undefined && current.flag !== implied);
    if (!current || clash) {
      current = { flag, offset: i, commands: [] };
      groups.push(current);
      inferred = new Set();
    }
    if (flag && !current.flag) current.flag = flag;
    if (implied) inferred.add(implied);
    current.commands.push(body);
  });
  return groups;
}

/** implicitFamily is the family iproute2 gives a command without `-4`/`-6`, when it matters. */
function implicitFamily(body: readonly string[]): '-4' | '-6' | undefined {
  const [object, , ...rest] = body;
  if (object === 'rule') return '-4';
  if (object !== 'route' && object !== 'addr' && object !== 'address') return undefined;
  for (const t of rest) {
    if (t === 'default') return '-4';
    const ip = parseIp(t.split('/')[0]!);
    if (ip) return ip.family === 6 ? '-6' : '-4';
  }
  return undefined;
}

/** batchInput renders a group's commands as `ip -batch` stdin. */
export function batchInput(group: BatchGroup): string {
  return group.commands.map((c) => c.join(' ')).join('\n') + '\n';
}

/** A failure reported by `ip -batch`: the 1-based line and the error text printed before it. */
export interface BatchLineFailure {
  line: number;
  stderr: string;
}

/**
 * parseBatchFailures reads `ip -batch` stderr, where each failed line is reported as the command's own error text
 * followed by `Command failed -:N`. A syntax error makes ip exit without that line, so an empty list with a
 * non-zero exit means "failed somewhere, position unknown".
 */
export function parseBatchFailures(stderr: string): BatchLineFailure[] {
  const out: BatchLineFailure[] = [];
  let pending: string[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^Command failed -:(\d+)\s*$/.exec(line);
    if (m) {
      out.push({ line: Number(m[1]), stderr: pending.join('\n') });
      pending = [];
    } else if (line.trim() !== '') {
      pending.push(line);
    }
  }
  return out;
}
