import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** How a command run in its own process group ended, and what of that group was still alive afterwards. */
export interface GroupRun {
  /** The command's pid (= the process group id). */
  pid: number;
  status: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  /** "pid command line" of every process of the group still alive when the command had exited. */
  leftovers: string[];
}

/** listProcessGroup names the live (non-zombie) processes of a process group as "pid command line". */
export function listProcessGroup(pgid: number): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) !== pgid || state === 'Z') continue;
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/**
 * runInOwnGroup runs a command as the leader of a new process group, so that everything it starts (unless it
 * detaches on purpose) stays in the group; once it exits, the group's survivors are listed, then killed so a
 * failing test leaves nothing behind either.
 */
export function runInOwnGroup(file: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<GroupRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let leftovers: string[] = [];
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGTERM'), opts.timeoutMs);
    child.on('error', reject);
    // Listed on 'exit': a survivor holding the output pipes would delay 'close' for as long as it lives.
    child.on('exit', () => {
      clearTimeout(timer);
      leftovers = listProcessGroup(child.pid!);
      if (leftovers.length > 0) process.kill(-child.pid!, 'SIGKILL');
    });
    child.on('close', (status, signal) => resolve({ pid: child.pid!, status, signal, output, leftovers }));
  });
}
