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
 * commands without a flag (`link set …`) work under either and join the current run.
 */
export function planBatch(commands: readonly string[][]): BatchGroup[] {
  const groups: BatchGroup[] = [];
  let current: BatchGroup | undefined;
  commands.forEach((cmd, i) => {
    const flag = cmd[0] === '-4' || cmd[0] === '-6' ? cmd[0] : undefined;
    const body = flag ? cmd.slice(1) : [...cmd];
    body.forEach((t) => checkToken(t, 'batch argument'));
    if (!current || (flag && current.flag && current.flag !== flag)) {
      current = { flag, offset: i, commands: [] };
      groups.push(current);
    }
    if (flag && !current.flag) current.flag = flag;
    current.commands.push(body);
  });
  return groups;
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
